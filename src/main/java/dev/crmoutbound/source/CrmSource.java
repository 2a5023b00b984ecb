package dev.crmoutbound.source;

import dev.crmoutbound.ledger.CrmWritebacks;
import dev.crmoutbound.ops.ServiceMetrics;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registration of a CRM source: its records come in through {@code direct:intake-record} and its
 * outcomes go back from the ledger's write-backs. A {@code --batch} run waits for one complete poll and
 * for every outcome to be written back; dead letters end it with {@link BatchExit#WRITEBACK_FAILED}.
 */
public class CrmSource implements LeadSource {

    private static final Logger LOG = LoggerFactory.getLogger(CrmSource.class);

    private final RecordLeadIntake intake;
    private final String displayName;
    private final CrmGate gate;
    private final SourcePolls polls;
    private final CrmWritebacks writebacks;

    public CrmSource(RecordLeadIntake intake, String displayName, CrmGate gate, SourcePolls polls,
                     CrmWritebacks writebacks) {
        this.intake = intake;
        this.displayName = displayName;
        this.gate = gate;
        this.polls = polls;
        this.writebacks = writebacks;
    }

    @Override
    public String name() {
        return intake.source();
    }

    @Override
    public String displayName() {
        return displayName;
    }

    public RecordLeadIntake intake() {
        return intake;
    }

    @Override
    public String stoppedBecause() {
        return gate.stoppedBecause();
    }

    @Override
    public String notReadyBecause(Duration unreachableLimit) {
        if (gate.stoppedBecause() != null) {
            return displayName + " traffic stopped: " + gate.stoppedBecause();
        }
        Duration since = polls.sinceLastCompleted();
        return gate.closedBecause() != null || since.compareTo(unreachableLimit) < 0 ? null
                : "no " + displayName + " poll has run to its end for " + since.toSeconds() + " s";
    }

    @Override
    public Integer batchExitCode() {
        int dead = writebacks.countDeadLetters(name());
        if (!polls.anyCompleted() || writebacks.countNotWrittenBack(name()) > dead) {
            return null;
        }
        if (dead > 0) {
            LOG.error("{} outcome(s) could not be written back to {} and are kept as dead letters; "
                    + "run again with --replay-dead-letters once {} takes them", dead, displayName, displayName);
            return BatchExit.WRITEBACK_FAILED;
        }
        return BatchExit.DONE;
    }

    /** At start: puts the dead letters back in line ({@code --replay-dead-letters}), or says how many wait. */
    public void startDeadLetters(boolean replay) {
        if (replay) {
            LOG.info("--replay-dead-letters: {} {} write-back(s) put back in line", writebacks.replayDeadLetters(name()),
                    displayName);
            return;
        }
        int dead = writebacks.countDeadLetters(name());
        if (dead > 0) {
            LOG.warn("{} {} write-back(s) gave up earlier and are kept as dead letters; start with "
                    + "--replay-dead-letters to try them again", dead, displayName);
        }
    }

    public int countDeadLetters() {
        return writebacks.countDeadLetters(name());
    }

    /** Its dead letters as the gauge {@code crm_writeback_dead_letters{crm=<name>}}, once Camel has started. */
    public void deadLetterGauge(CamelContext context, ServiceMetrics metrics) {
        try {
            context.addStartupListener((started, alreadyStarted) -> metrics.gauge("crm_writeback_dead_letters",
                    "Write-backs that gave up and wait for --replay-dead-letters", "crm", name(), () -> {
                        try {
                            return countDeadLetters();
                        } catch (RuntimeException ledgerOutOfReach) {
                            return Double.NaN;
                        }
                    }));
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the " + displayName + " dead-letter gauge", e);
        }
    }
}
