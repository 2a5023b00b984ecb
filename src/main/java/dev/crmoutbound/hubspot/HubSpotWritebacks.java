package dev.crmoutbound.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crmoutbound.ledger.CrmWritebacks;
import dev.crmoutbound.ledger.FinalLead;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.ServiceMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outcomes back to HubSpot in batches: which final leads are due (a full batch, or fewer once the oldest
 * has waited {@code fillWait}), and how each write-back went: written, refused for good (kept in the
 * ledger, not tried again), or tried again later and, after the set number of tries, kept as a dead letter.
 */
public class HubSpotWritebacks {

    private static final Logger LOG = LoggerFactory.getLogger(HubSpotWritebacks.class);

    private final CrmWritebacks writebacks;
    private final HubSpotOutcome outcome;
    private final ServiceMetrics metrics;
    private final FaultLog faults;
    private final Clock clock;
    private final Duration fillWait;

    public HubSpotWritebacks(CrmWritebacks writebacks, HubSpotOutcome outcome, ServiceMetrics metrics, FaultLog faults,
                             Clock clock, Duration fillWait) {
        this.writebacks = writebacks;
        this.outcome = outcome;
        this.metrics = metrics;
        this.faults = faults;
        this.clock = clock;
        this.fillWait = fillWait;
    }

    public HubSpotWritebackBatch due(int max) {
        CrmWritebacks.Backlog backlog = writebacks.backlog(HubSpotMapping.SOURCE);
        boolean ready = backlog.due() >= max || backlog.due() > 0 && backlog.oldest() != null
                && !backlog.oldest().plus(fillWait).isAfter(clock.instant());
        return new HubSpotWritebackBatch(ready ? writebacks.claimDue(HubSpotMapping.SOURCE, max) : List.of(), outcome);
    }

    public void updated(HubSpotWritebackBatch batch, JsonNode answer) {
        batch.updated(answer);
    }

    public void existingCalls(HubSpotWritebackBatch batch, JsonNode answer) {
        batch.existingCalls(answer);
    }

    public void callsCreated(HubSpotWritebackBatch batch, JsonNode answer) {
        batch.callsCreated(answer);
    }

    public void failed(HubSpotWritebackBatch batch, Throwable failure) {
        batch.failed(failure);
    }

    /** Records each lead's write-back as HubSpot answered it. */
    public void settle(HubSpotWritebackBatch batch) {
        for (FinalLead lead : batch.leads()) {
            HubSpotError error = batch.errorOf(lead);
            String engagement = batch.callEngagementOf(lead);
            if (error == null) {
                writebacks.succeeded(lead.leadId(), engagement);
                metrics.writeback(HubSpotMapping.SOURCE, "written");
            } else if (error.kind() == HubSpotError.Kind.RECORD) {
                writebacks.refused(lead.leadId(), error.describe(), engagement);
                metrics.writeback(HubSpotMapping.SOURCE, "refused");
                faults.report("HubSpot refused an outcome for good (kept in the ledger, not tried again)",
                        error.category(), lead.recordKey() + ": " + error.describe(), null);
            } else if (writebacks.failed(lead.leadId(), error.describe(), engagement)) {
                metrics.writeback(HubSpotMapping.SOURCE, "dead_letter");
                LOG.error("Gave up writing the outcome of HubSpot contact {} back: {}. It is kept as a dead letter; "
                        + "replay with --replay-dead-letters", lead.recordKey(), error.describe());
            } else {
                metrics.writeback(HubSpotMapping.SOURCE, "retry");
                faults.report("Writing outcomes back to HubSpot (tried again later)", error.category(),
                        error.describe(), null);
            }
        }
    }
}
