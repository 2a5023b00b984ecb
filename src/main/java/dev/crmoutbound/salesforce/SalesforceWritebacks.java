package dev.crmoutbound.salesforce;

import dev.crmoutbound.ledger.CrmWritebacks;
import dev.crmoutbound.ledger.FinalLead;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.ServiceMetrics;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes due write-backs in batches and records what Salesforce answered for each lead: written; refused
 * for good (kept with the reason, never tried again); or failed, tried again with backoff until it
 * becomes a dead letter. The org's allowance spent or a configuration error close the gate.
 */
public class SalesforceWritebacks {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceWritebacks.class);

    private final CrmWritebacks writebacks;
    private final SalesforceOutcome outcome;
    private final SalesforceGate gate;
    private final ServiceMetrics metrics;
    private final FaultLog faults;
    private final java.time.Clock clock;
    private final java.time.Duration fillWait;

    public SalesforceWritebacks(CrmWritebacks writebacks, SalesforceOutcome outcome, SalesforceGate gate,
                                ServiceMetrics metrics, FaultLog faults, java.time.Clock clock, java.time.Duration fillWait) {
        this.clock = clock;
        this.fillWait = fillWait;
        this.writebacks = writebacks;
        this.outcome = outcome;
        this.gate = gate;
        this.metrics = metrics;
        this.faults = faults;
    }

    /**
     * The next batch: up to {@code max} due write-backs, once there are that many or the oldest has waited
     * {@code fillWait}; until then an empty one. Full batches keep the API calls per lead small.
     */
    public WritebackBatch due(int max) {
        CrmWritebacks.Backlog backlog = writebacks.backlog(SalesforceMapping.SOURCE);
        boolean ready = backlog.due() >= max || backlog.due() > 0 && backlog.oldest() != null
                && !backlog.oldest().plus(fillWait).isAfter(clock.instant());
        return new WritebackBatch(ready ? writebacks.claimDue(SalesforceMapping.SOURCE, max) : List.of(), outcome);
    }

    /** The answer to the batch's record updates. */
    public void updated(WritebackBatch batch, java.util.List<org.apache.camel.component.salesforce.api.dto.SaveSObjectResult> results) {
        batch.updated(results);
    }

    /** The answer to the batch's query for Tasks already logged. */
    public void existingTasks(WritebackBatch batch, String answer) throws java.io.IOException {
        batch.existingTasks(answer);
    }

    /** The answer to the batch's Task creations. */
    public void tasksCreated(WritebackBatch batch, java.util.List<org.apache.camel.component.salesforce.api.dto.SaveSObjectResult> results) {
        batch.tasksCreated(results);
    }

    /** A call of the batch failed as a whole. */
    public void failed(WritebackBatch batch, Throwable failure) {
        batch.failed(failure);
    }

    /** Records each lead's write-back as Salesforce answered it. */
    public void settle(WritebackBatch batch) {
        for (FinalLead lead : batch.leads()) {
            SalesforceError error = batch.errorOf(lead);
            String taskId = batch.taskIdOf(lead);
            if (error == null) {
                writebacks.succeeded(lead.leadId(), taskId);
                metrics.writeback("salesforce", "written");
                continue;
            }
            switch (error.kind()) {
                case RECORD -> {
                    writebacks.refused(lead.leadId(), error.describe(), taskId);
                    metrics.writeback("salesforce", "refused");
                    faults.report("Salesforce refused an outcome for good (kept in the ledger, not tried again)",
                            error.code(), lead.recordKey() + ": " + error.describe(), null);
                }
                case LIMIT -> {
                    gate.limitExceeded(error.describe());
                    retry(lead, error, taskId);
                }
                case CONFIGURATION -> {
                    gate.stop("writing outcomes back: " + error.describe());
                    retry(lead, error, taskId);
                }
                case TRANSIENT -> retry(lead, error, taskId);
            }
        }
    }

    private void retry(FinalLead lead, SalesforceError error, String taskId) {
        if (writebacks.failed(lead.leadId(), error.describe(), taskId)) {
            metrics.writeback("salesforce", "dead_letter");
            LOG.error("Gave up writing the outcome of Salesforce record {} back: {}. It is kept as a dead letter; "
                    + "replay with --replay-dead-letters", lead.recordKey(), error.describe());
        } else {
            metrics.writeback("salesforce", "retry");
            faults.report("Writing outcomes back to Salesforce (tried again later)", error.code(), error.describe(), null);
        }
    }
}
