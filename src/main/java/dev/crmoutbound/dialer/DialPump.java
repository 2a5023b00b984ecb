package dev.crmoutbound.dialer;

import dev.crmoutbound.ledger.AccountSlots;
import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.LeadRow;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.LogContext;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due leads for the dialer, as many as each account's free call slots allow, and hands each to the
 * dialer (seda:dial) as soon as it is claimed: on the pump's timer, and on the thread that learnt of a
 * call's end (on any instance; its webhook, mostly), so a freed slot is claimed without a hop to another
 * thread. A lead claimed first is posted while the rest of the round is claimed, and one claim
 * that fails leaves the leads claimed before it on their way.
 *
 * <p>A slot is a ledger row's state (see {@link AccountSlots}): the pump claims a lead, which takes a slot
 * of its campaign's account in the same transaction that counts them, and only then hands it to the
 * route, whose ConcurrentRequests throttle (one per account, sized to the account's limit) is this
 * instance's local gate. So several instances sharing a PostgreSQL ledger never hold more slots between
 * them than the account allows, and nothing waits in front of the throttle (Camel 4.17's throttler forgets
 * its permit state 10 s after the last release, so a queue there could exceed the limit).
 *
 * <p>Each due lead passes the {@link DialGate} first (do-not-call list, calling window; the claim checks the
 * number's attempt cap); one that may not be dialed now is put back to wait, or refused. A number already in the
 * dialer is not fed again until its call is over, even for another campaign. Campaigns on one account
 * take turns.
 */
public class DialPump {

    private static final Logger LOG = LoggerFactory.getLogger(DialPump.class);
    /** Rounds one thread claims in a row before the dialer-refill route carries on. */
    static final int ROUNDS_PER_THREAD = 4;

    /** A KrosAI account as the pump feeds it: its limit here, and the campaigns that call on it. */
    public record Account(String id, int limit, List<String> campaignIds) {
    }

    private record Fed(String phone, String account) {
    }

    private final CallLedger ledger;
    private final AccountSlots slots;
    private final CampaignControl campaigns;
    private final DialGate gate;
    private final Map<String, Account> accounts;
    private final Runnable wakeUp;
    private final FaultLog faults;
    private final Consumer<LeadRow> dialer;
    private final Map<Long, Fed> inPipeline = new ConcurrentHashMap<>();
    private final ReentrantLock feeding = new ReentrantLock();
    private final AtomicBoolean refillPending = new AtomicBoolean();
    private final AtomicLong rounds = new AtomicLong();
    private volatile boolean stopped;

    /**
     * {@code wakeUp} has the dialer-refill route claim again soon, on its own thread (when a claim failed,
     * or a thread claimed its rounds and a refill is still pending); {@code dialer} takes a claimed lead into
     * the dialer route (seda:dial); {@code faults} hears of a claim that failed on a freed slot's thread.
     */
    public DialPump(CallLedger ledger, AccountSlots slots, CampaignControl campaigns, DialGate gate,
                    List<Account> accounts, Runnable wakeUp, Consumer<LeadRow> dialer, FaultLog faults) {
        this.ledger = ledger;
        this.slots = slots;
        this.campaigns = campaigns;
        this.gate = gate;
        this.accounts = new java.util.LinkedHashMap<>();
        accounts.forEach(a -> this.accounts.put(a.id(), a));
        this.wakeUp = wakeUp;
        this.dialer = dialer;
        this.faults = faults;
    }

    /** The account's limit on this instance: the size of its throttle. */
    public int limitOf(String account) {
        Account a = accounts.get(account);
        return a == null ? 1 : a.limit();
    }

    public int inPipeline() {
        return inPipeline.size();
    }

    /** How many times the pump has looked for due leads: lets an observer wait for it to have looked. */
    public long rounds() {
        return rounds.get();
    }

    /** On the pump's timer: campaigns whose pause ran out resume. */
    public void resumeExpiredPauses() {
        if (!stopped) {
            campaigns.resumeExpiredPauses();
        }
    }

    /**
     * On the pump's timer (and the dialer-refill route): claims due leads for every account, each holding one
     * of its slots, and hands each to the dialer as it is claimed; none once stopped. Waits for a round in
     * progress. Returns how many. A fault is thrown to the route, once a slot freed during the failed round
     * has been left to the dialer-refill route.
     */
    public int feedDue() {
        refillPending.set(true);
        feeding.lock();
        try {
            return feedWhilePending();
        } catch (RuntimeException e) {
            if (refillPending.get()) {
                wakeUpQuietly();
            }
            throw e;
        }
    }

    /**
     * A slot was freed (a call ended, here or on another instance): claims at once on the caller's thread,
     * or, when a round is in progress, has that round claim again when it is done. A fault is reported and
     * left to the dialer-refill route, which claims again on its own thread. The claim's log lines are not
     * about the caller's lead: its ids are out of the log context meanwhile.
     */
    public void refillSoon() {
        if (stopped) {
            return;
        }
        refillPending.set(true);
        try (LogContext.Aside aside = LogContext.aside()) {
            if (feeding.tryLock()) {
                feedWhilePending();
            }
        } catch (RuntimeException e) {
            faults.report("Claiming due leads for a freed call slot (the dialer-refill route tries again)", e);
            wakeUpQuietly();
        }
    }

    /**
     * Holding the feeding lock: claims while a refill is pending, and releases the lock. A refill asked for
     * by a thread that found the lock taken is claimed here, after the round that kept it out; but never
     * ahead of a thread waiting for the lock (the pump's timer, a stop), and for a few rounds at most, after
     * which the dialer-refill route carries on: a webhook's answer waits for the rounds its thread claims.
     */
    private int feedWhilePending() {
        int fed = 0;
        int roundsHere = 0;
        do {
            try {
                while (roundsHere < ROUNDS_PER_THREAD && !stopped && refillPending.getAndSet(false)) {
                    roundsHere++;
                    rounds.incrementAndGet();
                    for (Account account : accounts.values()) {
                        fed += claim(account);
                    }
                }
            } finally {
                feeding.unlock();
            }
            if (roundsHere >= ROUNDS_PER_THREAD && refillPending.get() && !stopped) {
                wakeUpQuietly();
                return fed;
            }
        } while (refillPending.get() && !stopped && !feeding.hasQueuedThreads() && feeding.tryLock());
        return fed;
    }

    /** Has the dialer-refill route claim on its own thread; while the service stops there may be none. */
    private void wakeUpQuietly() {
        try {
            wakeUp.run();
        } catch (RuntimeException stopping) {
            LOG.debug("The dialer-refill route took no wake-up", stopping);
        }
    }

    private int claim(Account account) {
        int wanted = Math.min(account.limit() - inPipelineOf(account.id()), slots.usage(account.id()).free());
        int budget = wanted;
        Set<Long> passedOver = new HashSet<>();
        while (budget > 0) {
            Set<Long> skip = new HashSet<>(passedOver);
            skip.addAll(inPipeline.keySet());
            List<LeadRow> due = ledger.due(account.campaignIds(), budget, skip);
            if (due.isEmpty()) {
                break;
            }
            for (LeadRow lead : due) {
                if (budget == 0) {
                    break;
                }
                if (numberInPipeline(lead.phoneE164()) || !admit(lead)) {
                    passedOver.add(lead.id());
                    continue;
                }
                LeadRow taken = ledger.claim(lead);
                if (taken != null) {
                    hand(taken, account);
                    budget--;
                } else if (slots.usage(account.id()).free() == 0) {
                    return wanted - budget; // another instance took the last slot
                } else {
                    passedOver.add(lead.id());
                }
            }
        }
        return wanted - budget;
    }

    /** Into the dialer; a lead the dialer would not take goes back to the queue, its slot with it. */
    private void hand(LeadRow claimed, Account account) {
        inPipeline.put(claimed.id(), new Fed(claimed.phoneE164(), account.id()));
        try {
            dialer.accept(claimed);
        } catch (RuntimeException e) {
            inPipeline.remove(claimed.id());
            try {
                ledger.returnUnposted(claimed);
            } catch (RuntimeException notReturned) { // the ledger too: a restart reconciles the dial
                e.addSuppressed(notReturned);
            }
            throw e;
        }
    }

    private int inPipelineOf(String account) {
        return (int) inPipeline.values().stream().filter(f -> f.account().equals(account)).count();
    }

    private boolean numberInPipeline(String phone) {
        return phone != null && inPipeline.values().stream().anyMatch(f -> phone.equals(f.phone()));
    }

    /** True when the gate lets the lead through; otherwise puts it back to wait, or refuses it. */
    private boolean admit(LeadRow lead) {
        DialGate.Decision decision = gate.checkBeforeClaim(lead);
        switch (decision.kind()) {
            case WAIT -> {
                ledger.defer(lead, decision.until(), decision.reason(), decision.rule());
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

    /** Called when a lead's exchange leaves the dialer route: its local permit is free again. */
    public void done(LeadRow lead) {
        if (lead != null) {
            inPipeline.remove(lead.id());
        }
        refillSoon();
    }

    /** Waits for a claim in progress; nothing is claimed after this returns (the dialer's guard hands back the rest). */
    public void stop() {
        stopped = true; // before the lock: a thread claiming round after round stops at the next
        feeding.lock();
        feeding.unlock();
    }

    public boolean isStopped() {
        return stopped;
    }
}
