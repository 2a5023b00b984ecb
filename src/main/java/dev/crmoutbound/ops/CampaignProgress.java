package dev.crmoutbound.ops;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.dialer.CallSlots;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The periodic summary, a line per campaign: queued (and how many of those wait for their calling
 * window or a redial), active against the plan limit, done by outcome, rejected.
 */
public class CampaignProgress {

    private final CampaignCounts campaignCounts;
    private final CallSlots slots;
    private final Campaigns campaigns;
    private final int limit;
    private volatile String last = "";

    public CampaignProgress(CampaignCounts campaignCounts, CallSlots slots, Campaigns campaigns, int limit) {
        this.campaignCounts = campaignCounts;
        this.slots = slots;
        this.campaigns = campaigns;
        this.limit = limit;
    }

    public String summary() {
        return summary(false);
    }

    /** The summary as the ledger says now, however big the campaigns: a run's last word. */
    public String currentSummary() {
        return summary(true);
    }

    private String summary(boolean current) {
        StringJoiner lines = new StringJoiner("\n");
        for (Campaign campaign : campaigns.all()) {
            lines.add(summary(campaign.id(), counts(campaign.id(), current)));
        }
        return lines.toString();
    }

    private Map<String, Integer> counts(String campaignId, boolean current) {
        return current ? campaignCounts.now(campaignId) : campaignCounts.of(campaignId);
    }

    private String summary(String campaignId, Map<String, Integer> counts) {
        int done = 0;
        StringJoiner outcomes = new StringJoiner(", ");
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getKey().startsWith("DONE:")) {
                done += e.getValue();
                outcomes.add(e.getKey().substring(5) + " " + e.getValue());
            }
        }
        int waiting = counts.getOrDefault("WAITING", 0);
        int queued = counts.getOrDefault("QUEUED", 0) + counts.getOrDefault("RETRY_WAIT", 0) + waiting;
        int active = active(counts);
        return "campaign " + campaignId + ": queued " + queued + (waiting > 0 ? " (" + waiting + " waiting for their "
                + "calling window or a redial)" : "") + ", active " + active + "/" + limit
                + ", uncertain " + counts.getOrDefault("UNCERTAIN", 0)
                + ", done " + done + (done > 0 ? " (" + outcomes + ")" : "")
                + ", rejected " + counts.getOrDefault("REJECTED", 0);
    }

    /**
     * Each campaign's numbers for a progress bar: leads final of all, calls active against the limit;
     * {@code current}: as the ledger says now, however big the campaigns (the last bar of a run).
     */
    public java.util.List<ProgressBars.Progress> progress(boolean current) {
        java.util.List<ProgressBars.Progress> all = new java.util.ArrayList<>();
        for (Campaign campaign : campaigns.all()) {
            Map<String, Integer> counts = counts(campaign.id(), current);
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            int finished = counts.getOrDefault("REJECTED", 0) + counts.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("DONE:")).mapToInt(Map.Entry::getValue).sum();
            all.add(new ProgressBars.Progress(campaign.id(), finished, total, active(counts), limit));
        }
        return all;
    }

    private int active(Map<String, Integer> counts) {
        int inCall = counts.getOrDefault("DIALING", 0) + counts.getOrDefault("ACTIVE", 0);
        return campaigns.all().size() == 1 ? Math.max(inCall, slots.active()) : inCall;
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
