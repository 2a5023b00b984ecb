package dev.crmoutbound.app;

import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.config.Settings;
import dev.crmoutbound.dryrun.DryRun;
import dev.crmoutbound.dryrun.RecordDryRun;
import dev.crmoutbound.ledger.CrmWritebacks;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ledger.RecordClaims;
import dev.crmoutbound.ledger.RecordRequests;
import dev.crmoutbound.ledger.ReplayIds;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.ServiceMetrics;
import dev.crmoutbound.policy.LeadScreening;
import dev.crmoutbound.salesforce.EventRecordIds;
import dev.crmoutbound.salesforce.PubSubConnection;
import dev.crmoutbound.salesforce.SalesforceClaims;
import dev.crmoutbound.salesforce.SalesforceGate;
import dev.crmoutbound.salesforce.SalesforceMapping;
import dev.crmoutbound.salesforce.SalesforceOutcome;
import dev.crmoutbound.salesforce.SalesforceRecord;
import dev.crmoutbound.salesforce.SalesforceWritebacks;
import dev.crmoutbound.source.CrmSource;
import dev.crmoutbound.source.LeadSource;
import dev.crmoutbound.source.LeadSources;
import dev.crmoutbound.source.RecordLeadIntake;
import dev.crmoutbound.source.SourcePolls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the Salesforce source on when {@code SALESFORCE_CLIENT_ID} is set: the camel-salesforce
 * component logged in with whichever OAuth flow the settings describe (username-password, refresh
 * token, JWT bearer, client credentials), the field mapping, and the beans the Salesforce routes call.
 */
public class SalesforceSetup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceSetup.class);
    private static final String CRM = "Salesforce";

    @PropertyInject(value = "dry-run", defaultValue = "false")
    private boolean dryRun;

    @Override
    public void configure(CamelContext context) {
        Settings s = new Settings(context.getPropertiesComponent()::resolveProperty);
        Beans beans = new Beans(context);
        Campaigns campaigns = beans.get("campaigns", Campaigns.class);
        LeadScreening screening = beans.get("leadScreening", LeadScreening.class);
        LeadIntakeWriter writer = beans.get("leadIntakeWriter", LeadIntakeWriter.class);
        LeadSources sources = beans.get("leadSources", LeadSources.class);
        if (dryRun) {
            dryRun(context, s, campaigns, screening, writer, beans.get("dryRun", DryRun.class), sources);
        } else {
            source(context, s, campaigns, screening, writer, beans.get("ledgerJdbc", Jdbc.class),
                    beans.get("ledgerClock", Clock.class), sources);
        }
    }

    private static void source(CamelContext context, Settings s, Campaigns campaigns, LeadScreening screening,
                               LeadIntakeWriter writer, Jdbc jdbc, Clock clock, LeadSources sources) {
        PropertiesComponent properties = context.getPropertiesComponent();
        boolean enabled = s.optional("salesforce.client-id").isPresent();
        properties.addOverrideProperty("salesforce.enabled", String.valueOf(enabled));
        if (!enabled) {
            return;
        }
        SalesforceMapping mapping = connect(context, s);
        properties.addOverrideProperty("salesforce.object", mapping.object());
        context.getRegistry().bind("salesforceMapping", mapping);
        configureEvents(context, s, jdbc, clock);
        Duration backoff = Duration.ofMillis(s.integer("salesforce.writeback-backoff-ms"));
        CrmWritebacks writebacks = new CrmWritebacks(jdbc, clock, s.integer("salesforce.writeback-max-attempts"),
                backoff, Duration.ofMinutes(5), Duration.ofMillis(s.integer("salesforce.transcript-wait-ms")));
        context.getRegistry().bind("crmWritebacks", writebacks);
        SalesforceGate gate = context.getRegistry().lookupByNameAndType("salesforceGate", SalesforceGate.class);
        SourcePolls polls = new SourcePolls();
        context.getRegistry().bind("salesforcePolls", polls);
        CrmSource source = new CrmSource(new RecordLeadIntake(SalesforceMapping.SOURCE, CRM, campaigns, screening,
                writer, mapping.fields(), writebacks, faultLog(context)), CRM, gate, polls, writebacks);
        sources.register(source);
        gauges(context, source, gate);
        SalesforceOutcome outcome = new SalesforceOutcome(mapping);
        context.getRegistry().bind("salesforceClaims", new SalesforceClaims(new RecordClaims(jdbc, clock,
                SalesforceMapping.SOURCE, Duration.ofMinutes(5)), outcome, gate, faultLog(context), clock, backoff));
        context.getRegistry().bind("salesforceWritebacks", new SalesforceWritebacks(writebacks, outcome, gate,
                context.getRegistry().lookupByNameAndType("serviceMetrics", ServiceMetrics.class), faultLog(context),
                clock, Duration.ofMillis(s.integer("salesforce.writeback-fill-wait-ms"))));
        source.startDeadLetters(Boolean.parseBoolean(s.text("replay-dead-letters", "false")));
        LOG.info("Salesforce: {} at {}; leads by SOQL: {}", mapping.object(),
                s.text("salesforce.login-url"), mapping.soql());
    }

    /** Dead letters, and the org's API usage and whether Salesforce traffic is paused, as gauges. */
    private static void gauges(CamelContext context, CrmSource source, SalesforceGate gate) {
        ServiceMetrics metrics = context.getRegistry().lookupByNameAndType("serviceMetrics", ServiceMetrics.class);
        try {
            source.deadLetterGauge(context, metrics);
            context.addStartupListener((started, alreadyStarted) -> {
                metrics.gauge("crm_salesforce_api_used", "The org's API calls in the last 24 h, as Salesforce last said",
                        "crm", "salesforce", gate::used);
                metrics.gauge("crm_salesforce_api_limit", "The org's daily API allowance, as Salesforce last said",
                        "crm", "salesforce", gate::max);
                metrics.gauge("crm_salesforce_paused", "1 while Salesforce traffic is paused or stopped",
                        "crm", "salesforce", () -> gate.closedBecause() == null ? 0 : 1);
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the Salesforce gauges", e);
        }
    }

    /**
     * For {@code --dry-run}: only what the dry-run-salesforce route needs to run the SOQL and judge the
     * records it returns; no claims, polls, events or write-backs.
     */
    private static void dryRun(CamelContext context, Settings s, Campaigns campaigns, LeadScreening screening,
                               LeadIntakeWriter ledgerKeys, DryRun dryRun, LeadSources sources) {
        boolean enabled = s.optional("salesforce.client-id").isPresent();
        context.getPropertiesComponent().addOverrideProperty("salesforce.dry-run", String.valueOf(enabled));
        if (!enabled) {
            return;
        }
        SalesforceMapping mapping = connect(context, s);
        // preview() writes nothing, so the intake needs no write-backs
        RecordLeadIntake intake = new RecordLeadIntake(SalesforceMapping.SOURCE, CRM, campaigns, screening, ledgerKeys,
                mapping.fields(), null, faultLog(context));
        context.getRegistry().bind("salesforceDryRun", new RecordDryRun(dryRun, intake, CRM, "Id", ledgerKeys));
        sources.register(LeadSource.judgedBy(SalesforceMapping.SOURCE, CRM, "direct:dry-run-salesforce"));
    }

    /** The field mapping, the SOQL the routes run, and the salesforce component logged in with the settings. */
    private static SalesforceMapping connect(CamelContext context, Settings s) {
        SalesforceMapping mapping = SalesforceMapping.from(s);
        context.getPropertiesComponent().addOverrideProperty("salesforce.soql", mapping.soql());
        context.addComponent("salesforce", component(s));
        Clock clock = context.getRegistry().lookupByNameAndType("clock", Clock.class);
        context.getRegistry().bind("salesforceGate", new SalesforceGate(clock != null ? clock : Clock.systemUTC(),
                s.integer("salesforce.api-reserve-percent"),
                Duration.ofSeconds(s.integer("salesforce.limit-pause-seconds"))));
        return mapping;
    }

    /** CRM-triggered calling: on when SALESFORCE_PUBSUB_TOPIC is set; resumes after the last replay id kept. */
    private static void configureEvents(CamelContext context, Settings s, Jdbc jdbc, Clock clock) {
        PropertiesComponent properties = context.getPropertiesComponent();
        String topic = s.optional("salesforce.pubsub-topic").orElse(null);
        properties.addOverrideProperty("salesforce.events-enabled", String.valueOf(topic != null));
        if (topic == null) {
            return;
        }
        ReplayIds replayIds = new ReplayIds(jdbc, clock);
        String resumeAfter = replayIds.last(topic).orElse(null);
        if (resumeAfter != null) {
            properties.addOverrideProperty("salesforce.pubsub-replay-preset", "CUSTOM");
            properties.addOverrideProperty("salesforce.pubsub-replay-id", resumeAfter);
        } else {
            properties.addOverrideProperty("salesforce.pubsub-replay-preset",
                    s.text("salesforce.pubsub-first-replay").toUpperCase());
        }
        context.getRegistry().bind("replayIds", replayIds);
        context.getRegistry().bind("recordRequests", new RecordRequests(jdbc, clock, SalesforceMapping.SOURCE));
        SalesforceMapping mapping = context.getRegistry().lookupByNameAndType("salesforceMapping", SalesforceMapping.class);
        context.getRegistry().bind("eventRecordIds", new EventRecordIds(s.text("salesforce.event-record-id-field"), mapping.statusField(), mapping.readyStatus()));
        context.addLifecycleStrategy(
                new PubSubConnection(Boolean.parseBoolean(s.text("salesforce.pubsub-plaintext"))));
        LOG.info("Salesforce events: {} on {}:{}, {}", topic, s.text("salesforce.pubsub-host"),
                s.integer("salesforce.pubsub-port"), resumeAfter != null ? "resuming after the last event kept"
                        : "starting from " + s.text("salesforce.pubsub-first-replay").toUpperCase());
    }

    static SalesforceComponent component(Settings s) {
        SalesforceComponent c = new SalesforceComponent();
        c.setPackages(SalesforceRecord.class.getPackageName());
        c.setLoginUrl(s.text("salesforce.login-url"));
        c.setClientId(s.optional("salesforce.client-id").orElseThrow());
        s.optional("salesforce.client-secret").ifPresent(c::setClientSecret);
        s.optional("salesforce.username").ifPresent(c::setUserName);
        s.optional("salesforce.password").ifPresent(c::setPassword);
        s.optional("salesforce.refresh-token").ifPresent(c::setRefreshToken);
        s.optional("salesforce.jwt-audience").ifPresent(c::setJwtAudience);
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        s.optional("salesforce.api-version").ifPresent(config::setApiVersion);
        c.setConfig(config);
        s.optional("salesforce.jwt-keystore").ifPresent(file -> {
            if (!Files.isReadable(Path.of(file))) {
                throw new ConfigurationException("SALESFORCE_JWT_KEYSTORE " + file + " does not exist or cannot be read");
            }
            KeyStoreParameters keystore = new KeyStoreParameters();
            keystore.setResource("file:" + Path.of(file).toAbsolutePath());
            keystore.setPassword(s.text("salesforce.jwt-keystore-password", ""));
            keystore.setType(s.text("salesforce.jwt-keystore-type"));
            c.setKeystore(keystore);
        });
        s.optional("salesforce.pubsub-host").ifPresent(c::setPubSubHost);
        c.setPubSubPort(s.integer("salesforce.pubsub-port"));
        s.optional("salesforce.auth-type").ifPresent(t -> {
            try {
                c.setAuthenticationType(AuthenticationType.valueOf(t.toUpperCase()));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("SALESFORCE_AUTH_TYPE must be USERNAME_PASSWORD, REFRESH_TOKEN, JWT "
                        + "or CLIENT_CREDENTIALS, was '" + t + "'");
            }
        });
        return c;
    }

    private static FaultLog faultLog(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("faultLog", FaultLog.class);
    }
}
