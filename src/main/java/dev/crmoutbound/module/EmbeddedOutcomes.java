package dev.crmoutbound.module;

import dev.crmoutbound.ledger.CrmWritebacks;
import dev.crmoutbound.ledger.FinalLead;
import dev.crmoutbound.ledger.LeadState;
import dev.crmoutbound.ops.FaultLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcomes of the embedding application's leads, handed to its endpoint once each is final: due
 * ones claimed from the ledger (so that of several instances one hands each), each as a Map, a failed
 * delivery tried again with backoff and then kept as a dead letter.
 */
public class EmbeddedOutcomes {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedOutcomes.class);

    private final String source;
    private final CrmWritebacks writebacks;
    private final FaultLog faults;

    public EmbeddedOutcomes(String source, CrmWritebacks writebacks, FaultLog faults) {
        this.source = source;
        this.writebacks = writebacks;
        this.faults = faults;
    }

    public List<FinalLead> due(int max) {
        return writebacks.claimDue(source, max);
    }

    /**
     * {@code key}, {@code status} (called or rejected), {@code outcome}, {@code reason}, {@code callId},
     * {@code attempts}, {@code durationSeconds}, {@code finishedAt} (ISO-8601), {@code transcriptExcerpt} and
     * {@code deferredBy} (the calling rule that last made it wait).
     */
    public Map<String, Object> message(FinalLead lead) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("key", lead.recordKey());
        message.put("status", lead.state() == LeadState.DONE ? "called" : "rejected");
        message.put("outcome", lead.outcome());
        message.put("reason", lead.reason());
        message.put("callId", lead.callId());
        message.put("attempts", lead.attempts());
        message.put("durationSeconds", lead.durationSeconds());
        message.put("finishedAt", lead.finishedAt() == null ? null : lead.finishedAt().toString());
        message.put("transcriptExcerpt", lead.transcriptExcerpt());
        message.put("deferredBy", lead.deferredBy());
        return message;
    }

    public void delivered(long leadId) {
        writebacks.succeeded(leadId, null);
    }

    public void failed(long leadId, Exception e) {
        faults.report("Handing a lead's outcome to the application (tried again later)", e);
        if (writebacks.failed(leadId, FaultLog.describe(e), null)) {
            LOG.error("A lead's outcome could not be handed to the application and is kept as a dead letter "
                    + "(lead {})", leadId);
        }
    }
}
