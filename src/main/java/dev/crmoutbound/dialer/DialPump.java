package dev.crmoutbound.dialer;

import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.LeadRow;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.ProducerTemplate;

/**
 * Feeds the dialer route with due leads, never more than the plan limit in the route at once.
 *
 * <p>The route's ConcurrentRequests throttle is what holds each call slot; this pump keeps the queue in
 * front of it empty. That matters: Camel 4.17's throttler forgets its permit state 10 s after the last
 * release, so a queue of waiting exchanges in front of it could exceed the limit when calls last longer.
 * It also means a lead is only read from the ledger when a slot is free for it. After a restart, calls
 * still in progress are fed first so they take their slots back before anything new is dialed.
 */
public class DialPump {

    private final CallLedger ledger;
    private final CampaignControl campaigns;
    private final ProducerTemplate producer;
    private final String dialEndpoint;
    private final int limit;
    private final Set<Long> inPipeline = ConcurrentHashMap.newKeySet();
    private volatile boolean resumed;
    private volatile boolean stopped;

    public DialPump(CallLedger ledger, CampaignControl campaigns, ProducerTemplate producer, String dialEndpoint,
                    int limit) {
        this.ledger = ledger;
        this.campaigns = campaigns;
        this.producer = producer;
        this.dialEndpoint = dialEndpoint;
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    public int inPipeline() {
        return inPipeline.size();
    }

    public synchronized void refill() {
        if (stopped) {
            return;
        }
        if (!resumed) {
            for (LeadRow lead : ledger.holdingSlots(inPipeline)) {
                send(lead, true);
            }
            resumed = true;
        }
        campaigns.resumeExpiredPauses();
        for (LeadRow lead : ledger.due(limit - inPipeline.size(), inPipeline)) {
            send(lead, false);
        }
    }

    /** Called when a lead's exchange leaves the dialer route: its slot is free again. */
    public void done(LeadRow lead) {
        if (lead != null) {
            inPipeline.remove(lead.id());
        }
        refill();
    }

    /** Waits for a refill in progress, so nothing is fed after this returns. */
    public synchronized void stop() {
        stopped = true;
    }

    public boolean isStopped() {
        return stopped;
    }

    private void send(LeadRow lead, boolean resume) {
        inPipeline.add(lead.id());
        producer.sendBodyAndHeaders(dialEndpoint, lead, Map.of("resumeCallSlot", resume));
    }
}
