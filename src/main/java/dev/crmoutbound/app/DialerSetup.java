package dev.crmoutbound.app;

import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.KrosAiAccounts;
import dev.crmoutbound.dialer.CallRequestBuilder;
import dev.crmoutbound.dialer.CallSlots;
import dev.crmoutbound.dialer.DialFence;
import dev.crmoutbound.dialer.DialGate;
import dev.crmoutbound.dialer.DialPump;
import dev.crmoutbound.dialer.DialResponseClassifier;
import dev.crmoutbound.dialer.DialVerdictRecorder;
import dev.crmoutbound.dialer.OutsideCalls;
import dev.crmoutbound.dialer.PostGuard;
import dev.crmoutbound.ledger.AccountSlots;
import dev.crmoutbound.ledger.AttemptCap;
import dev.crmoutbound.ledger.AttemptLog;
import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.DoNotCallList;
import dev.crmoutbound.ledger.InstanceHeartbeat;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.ops.CampaignCounts;
import dev.crmoutbound.ops.CampaignProgress;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.privacy.NumberHashes;
import dev.crmoutbound.reconcile.CallReconciler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialer: the ledger's leads and call slots, this instance in the cluster (its heartbeat, and the
 * dials a previous run left in flight taken back), the policy gate before each dial (do-not-call list,
 * calling window, attempts per number), the pump that feeds seda:dial within each account's free
 * slots, and what records each dial's answer and reconciles calls whose end never came.
 */
public class DialerSetup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DialerSetup.class);

    @PropertyInject("cluster.instance-id")
    private String instanceId;
    @PropertyInject("camel.server.port")
    private int serverPort;
    @PropertyInject("cluster.instance-timeout-ms")
    private long instanceTimeoutMs;
    @PropertyInject("policy.max-attempts-per-number-24h")
    private int attemptsPerDay;
    @PropertyInject("dialer.busy-backoff-ms")
    private long busyBackoffMs;
    @PropertyInject("campaign.balance-pause-seconds")
    private long balancePauseSeconds;
    @PropertyInject("reconcile.grace-seconds")
    private long reconcileGraceSeconds;
    @PropertyInject("krosai.response-timeout-ms")
    private long responseTimeoutMs;
    @PropertyInject(value = "dry-run", defaultValue = "false")
    private boolean dryRun;

    /** Where a failed claim for a freed slot wakes the dialer-refill route (a queue of one: wake-ups in a row are one). */
    static final String DIALER_WAKE_UP = "seda:dialer-wake-up?size=1&blockWhenFull=false&discardWhenFull=true";
    /** The dialer route's queue: the pump hands each lead it claims in. */
    static final String DIALER = "seda:dial";

    /** This instance in the cluster: its id in the ledger, and how long a silent instance counts as alive. */
    public record ClusterInstance(String id, Duration timeout) {
    }

    @Override
    public void configure(CamelContext context) {
        Beans beans = new Beans(context);
        Jdbc jdbc = beans.get("ledgerJdbc", Jdbc.class);
        Clock clock = beans.get("ledgerClock", Clock.class);
        Campaigns campaigns = beans.get("campaigns", Campaigns.class);
        KrosAiAccounts accounts = beans.get("krosAiAccounts", KrosAiAccounts.class);
        FaultLog faults = beans.get("faultLog", FaultLog.class);
        LedgerDatabase database = beans.get("ledgerDatabase", LedgerDatabase.class);
        ClusterInstance instance = new ClusterInstance(instanceId == null || instanceId.isBlank()
                ? hostName() + ":" + serverPort : instanceId, Duration.ofMillis(instanceTimeoutMs));
        beans.bind("clusterInstance", instance);
        if (!dryRun && Duration.ofSeconds(reconcileGraceSeconds).toMillis() < responseTimeoutMs) {
            LOG.warn("RECONCILE_GRACE_SECONDS ({}) is shorter than KROSAI_RESPONSE_TIMEOUT_MS ({} ms): a call request "
                    + "KrosAI is slow to take could be looked up in its call log before the call exists, and the lead "
                    + "called again; keep the grace at least as long as the timeout", reconcileGraceSeconds,
                    responseTimeoutMs);
        }

        CampaignControl control = new CampaignControl(jdbc, clock);
        AttemptCap cap = new AttemptCap(attemptsPerDay);
        CallLedger ledger = new CallLedger(jdbc, clock, campaigns, cap, instance.id());
        InstanceHeartbeat heartbeat = new InstanceHeartbeat(jdbc, clock, instance.id(), instance.timeout());
        AccountSlots accountSlots = new AccountSlots(jdbc, clock);
        List<DialPump.Account> pumped = pumped(accounts, campaigns);
        if (!dryRun) {
            campaigns.all().forEach(c -> control.startOnBoot(c.id()));
            pumped.forEach(a -> accountSlots.register(a.id(), a.limit()));
            int interrupted = heartbeat.start(!database.isPostgres());
            if (interrupted > 0) {
                LOG.warn("{} dial(s) were cut short by a stop (this instance's last one, or another's that is gone); "
                        + "they are reconciled before being dialed again", interrupted);
            }
        }
        CallSlots slots = new CallSlots(ledger);
        DoNotCallList doNotCall = new DoNotCallList(jdbc, clock, beans.get("numberHashes", NumberHashes.class));
        DialGate gate = new DialGate(campaigns, doNotCall, new AttemptLog(jdbc), cap, clock);
        org.apache.camel.ProducerTemplate producer = context.createProducerTemplate();
        java.util.function.Consumer<Object> wakeUp = sender(context, producer, DIALER_WAKE_UP);
        java.util.function.Consumer<Object> dial = sender(context, producer, DIALER);
        DialPump pump = new DialPump(ledger, accountSlots, control, gate, pumped, () -> wakeUp.accept(null), dial::accept,
                faults);
        beans.bind("campaignControl", control);
        beans.bind("callLedger", ledger);
        beans.bind("instanceHeartbeat", heartbeat);
        beans.bind("accountSlots", accountSlots);
        beans.bind("callSlots", slots);
        beans.bind("doNotCallList", doNotCall);
        beans.bind("dialGate", gate);
        beans.bind("dialPump", pump);
        // half the instance timeout: the other half is the margin before others give this one's dials up
        DialFence fence = new DialFence(instance.timeout().dividedBy(2));
        beans.bind("dialFence", fence);
        beans.bind("postGuard", new PostGuard(pump::isStopped, heartbeat, ledger, fence));
        beans.bind("outsideCalls", new OutsideCalls(accounts, accountSlots, faults));
        beans.bind("callRequestBuilder", new CallRequestBuilder(campaigns));
        beans.bind("dialResponseClassifier", new DialResponseClassifier());
        beans.bind("dialVerdictRecorder", new DialVerdictRecorder(ledger, control, Duration.ofMillis(busyBackoffMs),
                Duration.ofSeconds(balancePauseSeconds), faults));
        beans.bind("callReconciler", new CallReconciler(ledger, slots,
                Duration.ofSeconds(campaigns.longestMaxDurationSeconds() + reconcileGraceSeconds),
                Duration.ofSeconds(reconcileGraceSeconds), faults));
        int planLimit = accounts.get(dev.crmoutbound.config.Campaign.DEFAULT_ACCOUNT).limit();
        CampaignCounts counts = new CampaignCounts(ledger);
        beans.bind("campaignCounts", counts);
        beans.bind("campaignProgress", new CampaignProgress(counts, slots, campaigns, planLimit));
        context.getManagementStrategy().addEventNotifier(new OrderlyShutdown(pump, slots, database,
                beans.get("krosAiConnection", KrosAiConnection.class)));
        LOG.info("Plan limit {} concurrent calls, ledger {}, at most {} attempts per number in 24 h", planLimit,
                database.isPostgres() ? "PostgreSQL" : "H2", cap.perDay());
    }

    /**
     * Sends to {@code uri}, resolved on the first send (once the routes made their endpoints): resolving the
     * URI again on every send cost as much as the send itself.
     */
    private static java.util.function.Consumer<Object> sender(CamelContext context,
                                                              org.apache.camel.ProducerTemplate producer, String uri) {
        java.util.concurrent.atomic.AtomicReference<org.apache.camel.Endpoint> endpoint =
                new java.util.concurrent.atomic.AtomicReference<>();
        return body -> producer.sendBody(endpoint.updateAndGet(e -> e != null ? e : context.getEndpoint(uri)), body);
    }

    /** The accounts the campaigns call on, each with its limit and its campaigns. */
    private static List<DialPump.Account> pumped(KrosAiAccounts accounts, Campaigns campaigns) {
        Map<String, List<String>> byAccount = new LinkedHashMap<>();
        campaigns.all().forEach(c -> byAccount.computeIfAbsent(c.account(), a -> new ArrayList<>()).add(c.id()));
        return byAccount.entrySet().stream()
                .map(e -> new DialPump.Account(e.getKey(), accounts.get(e.getKey()).limit(), e.getValue())).toList();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
