package dev.crmoutbound.app;

import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.PlanLimit;
import dev.crmoutbound.config.Settings;
import dev.crmoutbound.dialer.CallRequestBuilder;
import dev.crmoutbound.dialer.CallSlots;
import dev.crmoutbound.dialer.DialGate;
import dev.crmoutbound.dialer.DialPump;
import dev.crmoutbound.dialer.DialResponseClassifier;
import dev.crmoutbound.dialer.DialVerdictRecorder;
import dev.crmoutbound.dryrun.DryRun;
import dev.crmoutbound.intake.CsvLeadIntake;
import dev.crmoutbound.intake.CsvLeadReader;
import dev.crmoutbound.intake.LeadColumns;
import dev.crmoutbound.ledger.AttemptCap;
import dev.crmoutbound.ledger.AttemptLog;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.DoNotCallList;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.ledger.ResultRows;
import dev.crmoutbound.ledger.WebhookLedger;
import dev.crmoutbound.ops.CampaignProgress;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.policy.LeadScreening;
import dev.crmoutbound.reconcile.CallReconciler;
import dev.crmoutbound.results.ResultsCsvWriter;
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
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the beans the routes call, from {@code config/application.properties} and the environment,
 * before any route starts: opens and migrates the ledger, picks the KrosAI API or the embedded sandbox,
 * and takes back what a previous run left in flight.
 */
public class CampaignSetup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignSetup.class);
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
            webhookUrl = "http://127.0.0.1:" + s.integer("camel.server.port", 8080) + "/webhooks/krosai";
        } else if (webhookUrl == null) {
            LOG.warn("WEBHOOK_PUBLIC_URL is not set: calls carry no webhook_url, so results arrive only if the "
                    + "KrosAI account's webhook URL points at this service's /webhooks/krosai");
        }
        Campaigns campaigns = CampaignsSetup.load(context, s, krosai, webhookUrl);

        LedgerDatabase database = LedgerDatabase.open(
                s.optional("ledger.jdbc-url").orElse(LedgerDatabase.defaultH2Url(dataDir)),
                s.optional("ledger.user").orElse(null), s.optional("ledger.password").orElse(null),
                s.integer("ledger.pool-size", 8), Duration.ofMillis(s.integer("ledger.connection-timeout-ms", 5000)));
        Jdbc jdbc = database.jdbc();
        registry.bind("ledgerDataSource", database.dataSource());
        boolean dryRun = Boolean.parseBoolean(s.text("dry-run", "false"));
        // a dry run judges every lead as of one moment, the one its report is dated
        Clock clock = dryRun ? Clock.fixed(clock(registry).instant(), ZoneOffset.UTC) : clock(registry);
        CampaignControl control = new CampaignControl(jdbc, clock);
        AttemptCap cap = new AttemptCap(s.integer("policy.max-attempts-per-number-24h", 3));
        CallLedger ledger = new CallLedger(jdbc, clock, campaigns, cap);
        int interrupted = 0;
        if (!dryRun) {
            campaigns.all().forEach(c -> control.startOnBoot(c.id()));
            interrupted = ledger.markInterruptedDialsUncertain();
        }
        if (interrupted > 0) {
            LOG.warn("{} dial(s) were cut short by the last shutdown; they are reconciled before being dialed again",
                    interrupted);
        }
        BatchStore batches = new BatchStore(jdbc, clock);
        CallSlots slots = new CallSlots(ledger);
        DoNotCallList doNotCall = new DoNotCallList(jdbc, clock);
        DialGate gate = new DialGate(campaigns, doNotCall, new AttemptLog(jdbc), cap, clock);
        DialPump pump = new DialPump(ledger, control, gate, context.createProducerTemplate(), "seda:dial", limit);
        LeadScreening screening = new LeadScreening(clock);
        FaultLog faults = new FaultLog();
        registry.bind("faultLog", faults);

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
                s.integer("intake.max-retries", 3), s.integer("intake.max-starts", 10)));
        registry.bind("callRequestBuilder", new CallRequestBuilder(campaigns));
        registry.bind("dialResponseClassifier", new DialResponseClassifier());
        registry.bind("dialVerdictRecorder", new DialVerdictRecorder(ledger, control,
                Duration.ofMillis(s.integer("dialer.busy-backoff-ms", 5000)),
                Duration.ofSeconds(s.integer("campaign.balance-pause-seconds", 900)), faults));
        WebhookRefusals refusals = new WebhookRefusals();
        registry.bind("webhookRefusals", refusals);
        if (!dryRun) {
            addStartupListener(context, new WebhookGateInstaller(WEBHOOK_PATH, new WebhookGate(WEBHOOK_PATH,
                    s.integer("camel.server.maxBodySize", 1_048_576), refusals),
                    Duration.ofMillis(s.integer("webhook.request-timeout-ms", 10_000))));
        }
        registry.bind("webhookReceiver", new WebhookReceiver(new WebhookSignature(krosai.webhookSecret()),
                new CallEventParser(), new WebhookLedger(jdbc, clock, ledger), slots, faults));
        registry.bind("resultsCsvWriter", new ResultsCsvWriter(batches, new ResultRows(jdbc), outbox));
        registry.bind("callReconciler", new CallReconciler(ledger, slots,
                Duration.ofSeconds(campaigns.longestMaxDurationSeconds() + s.integer("reconcile.grace-seconds", 120)),
                Duration.ofSeconds(s.integer("reconcile.grace-seconds", 120)), faults));
        registry.bind("campaignProgress", new CampaignProgress(ledger, slots, campaigns, limit));
        DoNotCallSetup.configure(context, s, doNotCall, campaigns.defaultCampaign().region());
        context.getManagementStrategy().addEventNotifier(new OrderlyShutdown(pump, slots, database, krosai));
        if (dryRun) {
            DryRun report = new DryRun(csvReader, intakeWriter, doNotCall, gate, dataDir.resolve("inbox"),
                    outbox.resolve("dry-run"));
            registry.bind("dryRun", report);
            SalesforceSetup.configureDryRun(context, s, campaigns, screening, intakeWriter, report);
            SftpDropSetup.configureDryRun(context, s, database.dataSource(), report);
            return;
        }
        SftpDropSetup.configure(context, s, database.dataSource(), batches);
        SalesforceSetup.configure(context, s, campaigns, screening, intakeWriter, jdbc, clock);
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
