package dev.crmoutbound.app;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.KrosAiAccount;
import dev.crmoutbound.config.KrosAiAccountFiles;
import dev.crmoutbound.config.KrosAiAccounts;
import dev.crmoutbound.config.PlanLimit;
import dev.crmoutbound.config.Settings;
import dev.crmoutbound.dialer.CallRequestBuilder;
import dev.crmoutbound.dialer.CallSlots;
import dev.crmoutbound.dialer.DialGate;
import dev.crmoutbound.dialer.DialPump;
import dev.crmoutbound.dialer.DialResponseClassifier;
import dev.crmoutbound.dialer.DialVerdictRecorder;
import dev.crmoutbound.dialer.OutsideCalls;
import dev.crmoutbound.dialer.PostGuard;
import dev.crmoutbound.dryrun.DryRun;
import dev.crmoutbound.intake.CsvLeadIntake;
import dev.crmoutbound.intake.CsvLeadReader;
import dev.crmoutbound.intake.LeadColumns;
import dev.crmoutbound.ledger.AccountSlots;
import dev.crmoutbound.ledger.AttemptCap;
import dev.crmoutbound.ledger.AttemptLog;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.DoNotCallList;
import dev.crmoutbound.ledger.InstanceHeartbeat;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ledger.LeadFileClaims;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.ledger.LedgerOverview;
import dev.crmoutbound.ledger.ResultRows;
import dev.crmoutbound.ledger.WebhookLedger;
import dev.crmoutbound.ops.CampaignProgress;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.QuietPollStrategy;
import dev.crmoutbound.ops.ServiceMetrics;
import dev.crmoutbound.ops.StatusSnapshot;
import dev.crmoutbound.policy.LeadScreening;
import dev.crmoutbound.reconcile.CallReconciler;
import dev.crmoutbound.results.ResultsCsvWriter;
import dev.crmoutbound.source.LeadSources;
import dev.crmoutbound.webhooks.CallEventParser;
import dev.crmoutbound.webhooks.WebhookGate;
import dev.crmoutbound.webhooks.WebhookGateInstaller;
import dev.crmoutbound.webhooks.WebhookReceiver;
import dev.crmoutbound.webhooks.WebhookRefusals;
import dev.crmoutbound.webhooks.WebhookSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the service: builds the beans the routes call, from {@code config/application.properties} and the environment,
 * before any route starts: opens and migrates the ledger, picks the KrosAI API or the embedded sandbox,
 * and takes back what a previous run left in flight.
 */
public class ServiceSetup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceSetup.class);
    /** Where KrosAI posts its events (the webhooks-krosai route's path). */
    static final String WEBHOOK_PATH = "/webhooks/krosai";

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        environmentOnlyThroughEnvPlaceholders(properties);
        Settings s = new Settings(properties::resolveProperty);
        Registry registry = context.getRegistry();

        Path dataDir = s.dataDir();
        Path processed = folder(dataDir.resolve("processed"));
        Path outbox = folder(dataDir.resolve("outbox"));
        folder(dataDir.resolve("inbox"));
        folder(dataDir.resolve("error"));
        properties.addOverrideProperty("data.dir", dataDir.toString());

        int limit = PlanLimit.resolve(s);
        KrosAiConnection krosai = KrosAiConnection.open(s, limit);
        properties.addOverrideProperty("krosai.base-url", krosai.baseUrl());
        properties.addOverrideProperty("krosai.api-key", krosai.apiKey());
        String webhookUrl = s.optional("webhook.public-url").orElse(null);
        if (webhookUrl == null && krosai.isSandbox()) {
            webhookUrl = "http://127.0.0.1:" + s.integer("camel.server.port") + "/webhooks/krosai";
        } else if (webhookUrl == null) {
            LOG.warn("WEBHOOK_PUBLIC_URL is not set: calls carry no webhook_url, so results arrive only if the "
                    + "KrosAI account's webhook URL points at this service's /webhooks/krosai");
        }
        Campaigns campaigns = CampaignsLoading.load(context, s, krosai, webhookUrl);
        KrosAiAccounts accounts = accounts(context, s, krosai, limit);
        accounts.checkCampaigns(campaigns);
        registry.bind("krosAiAccounts", accounts);

        LedgerDatabase database = LedgerDatabase.open(
                s.optional("ledger.jdbc-url").orElse(LedgerDatabase.defaultH2Url(dataDir)),
                s.optional("ledger.user").orElse(null), s.optional("ledger.password").orElse(null),
                s.integer("ledger.pool-size"), Duration.ofMillis(s.integer("ledger.connection-timeout-ms")));
        Jdbc jdbc = database.jdbc();
        registry.bind("ledgerDataSource", database.dataSource());
        boolean dryRun = Boolean.parseBoolean(s.text("dry-run", "false"));
        // a dry run judges every lead as of one moment, the one its report is dated
        Clock clock = dryRun ? Clock.fixed(clock(registry).instant(), ZoneOffset.UTC) : clock(registry);
        CampaignControl control = new CampaignControl(jdbc, clock);
        AttemptCap cap = new AttemptCap(s.integer("policy.max-attempts-per-number-24h"));
        String instanceId = s.optional("cluster.instance-id").orElseGet(() -> hostName() + ":"
                + s.integer("camel.server.port"));
        CallLedger ledger = new CallLedger(jdbc, clock, campaigns, cap, instanceId);
        Duration instanceTimeout = Duration.ofMillis(s.integer("cluster.instance-timeout-ms"));
        InstanceHeartbeat heartbeat = new InstanceHeartbeat(jdbc, clock, instanceId,
                instanceTimeout);
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
        registry.bind("instanceHeartbeat", heartbeat);
        registry.bind("accountSlots", accountSlots);
        registry.bind("leadFileClaims", new LeadFileClaims(jdbc, clock, instanceId,
                instanceTimeout));
        BatchStore batches = new BatchStore(jdbc, clock, database.isPostgres() ? instanceId : null,
                instanceTimeout);
        CallSlots slots = new CallSlots(ledger);
        DoNotCallList doNotCall = new DoNotCallList(jdbc, clock);
        DialGate gate = new DialGate(campaigns, doNotCall, new AttemptLog(jdbc), cap, clock);
        DialPump pump = new DialPump(ledger, accountSlots, control, gate, context.createProducerTemplate(), "seda:dial",
                pumped, context.getExecutorServiceManager().newSingleThreadExecutor(this, "dial-pump-refill"));
        registry.bind("postGuard", new PostGuard(pump, heartbeat, ledger));
        LeadScreening screening = new LeadScreening(clock);
        FaultLog faults = new FaultLog();
        registry.bind("faultLog", faults);
        ServiceMetrics metrics = OperationsSetup.metrics(context, s);
        registry.bind("outsideCalls", new OutsideCalls(accounts, accountSlots, faults));
        registry.bind("leadFilePollStrategy", new QuietPollStrategy(faults,
                "Taking in lead files (left in the inbox for a later poll)"));

        registry.bind("campaigns", campaigns);
        registry.bind("krosAiConnection", krosai);
        registry.bind("campaignControl", control);
        registry.bind("callLedger", ledger);
        registry.bind("batchStore", batches);
        registry.bind("callSlots", slots);
        registry.bind("dialPump", pump);
        CsvLeadReader csvReader = new CsvLeadReader(campaigns, screening, new LeadColumns.Names(
                s.optional("csv.phone-column"), s.optional("csv.id-column"), s.optional("csv.campaign-column")), faults);
        LeadIntakeWriter intakeWriter = new LeadIntakeWriter(jdbc, clock, faults);
        registry.bind("csvLeadIntake", new CsvLeadIntake(csvReader, batches, intakeWriter, processed,
                s.integer("intake.max-retries"), s.integer("intake.max-starts")));
        registry.bind("callRequestBuilder", new CallRequestBuilder(campaigns));
        registry.bind("dialResponseClassifier", new DialResponseClassifier());
        registry.bind("dialVerdictRecorder", new DialVerdictRecorder(ledger, control,
                Duration.ofMillis(s.integer("dialer.busy-backoff-ms")),
                Duration.ofSeconds(s.integer("campaign.balance-pause-seconds")), faults));
        WebhookRefusals refusals = new WebhookRefusals(metrics);
        registry.bind("webhookRefusals", refusals);
        if (!dryRun) {
            addStartupListener(context, new WebhookGateInstaller(WEBHOOK_PATH, new WebhookGate(WEBHOOK_PATH,
                    s.integer("camel.server.maxBodySize"), refusals),
                    Duration.ofMillis(s.integer("webhook.request-timeout-ms"))));
        }
        registry.bind("webhookReceiver", new WebhookReceiver(accounts.all().stream()
                .map(a -> new WebhookSignature(a.webhookSecret())).toList(),
                new CallEventParser(), new WebhookLedger(jdbc, clock, ledger), slots, faults, pump::refillSoon, metrics));
        LeadSources sources = new LeadSources(registry,
                Duration.ofSeconds(s.integer("health.source-unreachable-seconds")));
        registry.bind("leadSources", sources);
        // what a source's own setup builds on (see LeadSources)
        registry.bind("ledgerJdbc", jdbc);
        registry.bind("ledgerClock", clock);
        registry.bind("leadScreening", screening);
        registry.bind("leadIntakeWriter", intakeWriter);
        registry.bind("resultsCsvWriter", new ResultsCsvWriter(batches, new ResultRows(jdbc), outbox, processed));
        registry.bind("callReconciler", new CallReconciler(ledger, slots,
                Duration.ofSeconds(campaigns.longestMaxDurationSeconds() + s.integer("reconcile.grace-seconds")),
                Duration.ofSeconds(s.integer("reconcile.grace-seconds")), faults));
        registry.bind("campaignProgress", new CampaignProgress(ledger, slots, campaigns, limit));
        DoNotCallSetup.configure(context, s, doNotCall, campaigns.defaultCampaign().region());
        context.getManagementStrategy().addEventNotifier(new OrderlyShutdown(pump, slots, database, krosai));
        if (dryRun) {
            DryRun report = new DryRun(csvReader, intakeWriter, doNotCall, gate, dataDir.resolve("inbox"),
                    outbox.resolve("dry-run"));
            registry.bind("dryRun", report);
            SftpDropSetup.configureDryRun(context, s, database.dataSource(), report, sources);
            SalesforceSetup.configureDryRun(context, s, campaigns, screening, intakeWriter, report, sources);
            return;
        }
        SftpDropSetup.configure(context, s, database.dataSource(), batches, sources);
        SalesforceSetup.configure(context, s, campaigns, screening, intakeWriter, jdbc, clock, sources);
        OperationsSetup.checks(context, jdbc, ledger, accountSlots, control, accounts, campaigns, metrics);
        OperationsSetup.statusPage(context, s, new StatusSnapshot(ledger, new LedgerOverview(jdbc, clock), accountSlots,
                control, accounts, campaigns, faults, clock), faults);
        LOG.info("Plan limit {} concurrent calls, ledger {}, at most {} attempts per number in 24 h", limit,
                database.isPostgres() ? "PostgreSQL" : "H2", cap.perDay());
    }

    /**
     * Settings come from the environment only through the {@code {{env:...}}} placeholders of the
     * configuration. Camel's default would also let DATA_DIR stand in for data.dir everywhere, over the
     * values resolved here (the absolute data folder, the SOQL built from the mapping).
     */
    private static void environmentOnlyThroughEnvPlaceholders(PropertiesComponent properties) {
        ((org.apache.camel.component.properties.PropertiesComponent) properties).setEnvironmentVariableMode(
                org.apache.camel.component.properties.PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
    }

    private static void addStartupListener(CamelContext context, org.apache.camel.StartupListener listener) {
        try {
            context.addStartupListener(listener);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register " + listener, e);
        }
    }

    /** The default account (the KROSAI_* settings, or the embedded sandbox) and those in ACCOUNTS_DIR. */
    private static KrosAiAccounts accounts(CamelContext context, Settings s, KrosAiConnection krosai, int limit) {
        List<KrosAiAccount> all = new ArrayList<>();
        all.add(new KrosAiAccount(Campaign.DEFAULT_ACCOUNT, krosai.baseUrl(), krosai.apiKey(), krosai.webhookSecret(), limit));
        all.addAll(new KrosAiAccountFiles(context::resolvePropertyPlaceholders)
                .load(Path.of(s.text("accounts.dir"))));
        all.forEach(a -> LOG.info("KrosAI account {}: {}, at most {} concurrent calls", a.id(), a.baseUrl(), a.limit()));
        return new KrosAiAccounts(all);
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

    /** The clock the ledger and the policy run on: a bean named clock when one is bound (tests), else UTC. */
    private static Clock clock(Registry registry) {
        Clock bound = registry.lookupByNameAndType("clock", Clock.class);
        return bound != null ? bound : Clock.systemUTC();
    }

    private static Path folder(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
    }
}
