package dev.crmoutbound.ops;

import dev.crmoutbound.dialer.CallSlots;
import dev.crmoutbound.ledger.CallLedger;
import java.util.Map;
import java.util.StringJoiner;

/** The periodic campaign summary: queued, active against the plan limit, done by outcome. */
public class CampaignProgress {

    private final CallLedger ledger;
    private final CallSlots slots;
    private final String campaignId;
    private final int limit;
    private volatile String last = "";

    public CampaignProgress(CallLedger ledger, CallSlots slots, String campaignId, int limit) {
        this.ledger = ledger;
        this.slots = slots;
        this.campaignId = campaignId;
        this.limit = limit;
    }

    public String summary() {
        Map<String, Integer> counts = ledger.summary(campaignId);
        int done = 0;
        StringJoiner outcomes = new StringJoiner(", ");
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getKey().startsWith("DONE:")) {
                done += e.getValue();
                outcomes.add(e.getKey().substring(5) + " " + e.getValue());
            }
        }
        int queued = counts.getOrDefault("QUEUED", 0) + counts.getOrDefault("RETRY_WAIT", 0);
        int inCall = counts.getOrDefault("DIALING", 0) + counts.getOrDefault("ACTIVE", 0);
        return "campaign " + campaignId + ": queued " + queued + ", active " + Math.max(inCall, slots.active()) + "/" + limit
                + ", uncertain " + counts.getOrDefault("UNCERTAIN", 0)
                + ", done " + done + (done > 0 ? " (" + outcomes + ")" : "")
                + ", rejected " + counts.getOrDefault("REJECTED", 0);
    }

    /** The summary when it changed since the last call, else null: a quiet service logs nothing. */
    public String changedSummary() {
        String now = summary();
        if (now.equals(last)) {
            return null;
        }
        last = now;
        return now;
    }
}
