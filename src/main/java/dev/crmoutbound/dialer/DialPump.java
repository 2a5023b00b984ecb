package dev.crmoutbound.dialer;

import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.LeadRow;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.camel.ProducerTemplate;

/**
 * Feeds the dialer route with due leads, never more than the plan limit in the route at once.
 *
 * <p>The route's ConcurrentRequests throttle is what holds each call slot; this pump keeps the queue in
 * front of it empty. That matters: Camel 4.17's throttler forgets its permit state 10 s after the last
 * release, so a queue of waiting exchanges in front of it could exceed the limit when calls last longer.
 * It also means a lead is only read from the ledger when a slot is free for it. After a restart, calls
 * still in progress are fed first so they take their slots back before anything new is dialed.
 *
 * <p>Each due lead passes the {@link DialGate} first (do-not-call list, calling window, the number's
 * attempt cap); one that may not be dialed now is put back to wait, or refused. A number already in the
 * dialer is not fed again until its call is over, even for another campaign.
 */
public class DialPump {

    private static final Logger LOG = LoggerFactory.getLogger(DialPump.class);

    private final CallLedger ledger;
    private final CampaignControl campaigns;
    private final DialGate gate;
    private final ProducerTemplate producer;
    private final String dialEndpoint;
    private final int limit;
    private final Map<Long, String> inPipeline = new ConcurrentHashMap<>();
    private final AtomicLong rounds = new AtomicLong();
    private volatile boolean resumed;
    private volatile boolean stopped;

    public DialPump(CallLedger ledger, CampaignControl campaigns, DialGate gate, ProducerTemplate producer,
                    String dialEndpoint, int limit) {
        this.ledger = ledger;
        this.campaigns = campaigns;
        this.gate = gate;
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

    /** How many times the pump has looked for due leads: lets an observer wait for it to have looked. */
    public long rounds() {
        return rounds.get();
    }

    public synchronized void refill() {
        if (stopped) {
            return;
        }
        rounds.incrementAndGet();
        if (!resumed) {
            for (LeadRow lead : ledger.holdingSlots(inPipeline.keySet())) {
                send(lead, true);
            }
            resumed = true;
        }
        campaigns.resumeExpiredPauses();
        Set<Long> passedOver = new HashSet<>();
        while (inPipeline.size() < limit) {
            Set<Long> skip = new HashSet<>(passedOver);
            skip.addAll(inPipeline.keySet());
            var due = ledger.due(limit - inPipeline.size(), skip);
            if (due.isEmpty()) {
                return;
            }
            for (LeadRow lead : due) {
                if (!inPipeline.containsValue(lead.phoneE164()) && admit(lead)) {
                    send(lead, false);
                } else {
                    passedOver.add(lead.id());
                }
            }
        }
    }

    /** True when the gate lets the lead through; otherwise puts it back to wait, or refuses it. */
    private boolean admit(LeadRow lead) {
        DialGate.Decision decision = gate.check(lead);
        switch (decision.kind()) {
            case WAIT -> {
                ledger.defer(lead, decision.until(), decision.reason());
                LOG.debug("Lead {} waits: {}", lead.requestId(), decision.reason());
                return false;
            }
            case REFUSE -> {
                if (ledger.refuse(lead, decision.reason())) {
                    LOG.warn("Lead {} is not called: {}", lead.requestId(), decision.reason());
                }
                return false;
            }
            default -> {
                return true;
            }
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
        inPipeline.put(lead.id(), lead.phoneE164() == null ? "" : lead.phoneE164());
        producer.sendBodyAndHeaders(dialEndpoint, lead, Map.of("resumeCallSlot", resume));
    }
}
