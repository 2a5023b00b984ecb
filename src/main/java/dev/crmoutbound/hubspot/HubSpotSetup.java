package dev.crmoutbound.hubspot;

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
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.ServiceMetrics;
import dev.crmoutbound.policy.LeadScreening;
import dev.crmoutbound.source.CrmSource;
import dev.crmoutbound.source.LeadSource;
import dev.crmoutbound.source.LeadSources;
import dev.crmoutbound.source.RecordFields;
import dev.crmoutbound.source.RecordLeadIntake;
import dev.crmoutbound.source.SourcePolls;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the HubSpot source on when {@code HUBSPOT_TOKEN} (a private app's access token) is set: the
 * property mapping and the beans the HubSpot routes call, registered as a lead source. HubSpot
 * webhooks are taken when {@code HUBSPOT_CLIENT_SECRET} is set too. Every setting, with its default,
 * is in {@code config/application.properties}.
 */
public class HubSpotSetup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HubSpotSetup.class);
    private static final String CRM = "HubSpot";

    @PropertyInject("hubspot.token")
    private String token;
    @PropertyInject("hubspot.base-url")
    private String baseUrl;
    @PropertyInject("hubspot.client-secret")
    private String clientSecret;
    @PropertyInject("hubspot.webhook-public-url")
    private String webhookPublicUrl;
    @PropertyInject("hubspot.phone-property")
    private String phone;
    @PropertyInject("hubspot.do-not-call-properties")
    private String doNotCall;
    @PropertyInject("hubspot.metadata-properties")
    private String metadata;
    @PropertyInject("hubspot.campaign-property")
    private String campaign;
    @PropertyInject("hubspot.consent-property")
    private String consent;
    @PropertyInject("hubspot.time-zone-property")
    private String timeZone;
    @PropertyInject("hubspot.status-property")
    private String status;
    @PropertyInject("hubspot.ready-status")
    private String ready;
    @PropertyInject("hubspot.queued-status")
    private String queued;
    @PropertyInject("hubspot.called-status")
    private String called;
    @PropertyInject("hubspot.rejected-status")
    private String rejected;
    @PropertyInject("hubspot.call-id-property")
    private String callId;
    @PropertyInject("hubspot.outcome-property")
    private String outcome;
    @PropertyInject("hubspot.called-at-property")
    private String calledAt;
    @PropertyInject("hubspot.call-key-property")
    private String callKey;
    @PropertyInject("hubspot.call-dispositions")
    private String dispositions;
    @PropertyInject("hubspot.page-size")
    private int pageSize;
    @PropertyInject("hubspot.rate-limit-pause-ms")
    private long rateLimitPauseMs;
    @PropertyInject("hubspot.writeback-max-attempts")
    private int writebackMaxAttempts;
    @PropertyInject("hubspot.writeback-backoff-ms")
    private long writebackBackoffMs;
    @PropertyInject("hubspot.writeback-fill-wait-ms")
    private long writebackFillWaitMs;
    @PropertyInject("hubspot.transcript-wait-ms")
    private long transcriptWaitMs;
    @PropertyInject("hubspot.webhook-max-age-ms")
    private long webhookMaxAgeMs;
    // modes set by the command line, not settings
    @PropertyInject(value = "dry-run", defaultValue = "false")
    private boolean dryRun;
    @PropertyInject(value = "replay-dead-letters", defaultValue = "false")
    private boolean replayDeadLetters;

    @Override
    public void configure(CamelContext context) {
        boolean enabled = !blank(token);
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.addOverrideProperty("hubspot.enabled", String.valueOf(enabled && !dryRun));
        properties.addOverrideProperty("hubspot.dry-run", String.valueOf(enabled && dryRun));
        properties.addOverrideProperty("hubspot.webhooks-enabled", String.valueOf(enabled && !dryRun && !blank(clientSecret)));
        if (!enabled) {
            return;
        }
        if (pageSize < 1 || pageSize > 200) {
            throw new ConfigurationException("HUBSPOT_PAGE_SIZE must be 1 to 200 (HubSpot's search pages), was " + pageSize);
        }
        Registry registry = context.getRegistry();
        HubSpotMapping mapping = new HubSpotMapping(new RecordFields(phone, RecordFields.names(doNotCall),
                RecordFields.keyed(metadata, "HUBSPOT_METADATA_PROPERTIES"), Settings.orNull(campaign),
                Settings.orNull(consent), Settings.orNull(timeZone)), status, ready, queued, called, rejected, callId,
                outcome, calledAt, pageSize);
        registry.bind("hubspotMapping", mapping);
        Clock clock = registry.lookupByNameAndType("ledgerClock", Clock.class);
        registry.bind("hubspotGate", new HubSpotGate(clock, Duration.ofMillis(rateLimitPauseMs)));
        if (dryRun) {
            configureDryRun(registry, mapping);
            return;
        }
        configureSource(context, registry, mapping, clock);
        LOG.info("HubSpot: contacts whose {} is {} at {}{}", status, ready, baseUrl,
                blank(clientSecret) ? "" : "; workflow webhooks at /webhooks/hubspot");
    }

    private void configureSource(CamelContext context, Registry registry, HubSpotMapping mapping, Clock clock) {
        Jdbc jdbc = registry.lookupByNameAndType("ledgerJdbc", Jdbc.class);
        FaultLog faults = registry.lookupByNameAndType("faultLog", FaultLog.class);
        Duration backoff = Duration.ofMillis(writebackBackoffMs);
        CrmWritebacks writebacks = new CrmWritebacks(jdbc, clock, writebackMaxAttempts, backoff, Duration.ofMinutes(5),
                Duration.ofMillis(transcriptWaitMs));
        SourcePolls polls = new SourcePolls();
        registry.bind("hubspotPolls", polls);
        CrmSource source = new CrmSource(intake(registry, mapping, writebacks), CRM,
                registry.lookupByNameAndType("hubspotGate", HubSpotGate.class), polls, writebacks);
        registry.lookupByNameAndType("leadSources", LeadSources.class).register(source);
        source.deadLetterGauge(context, registry.lookupByNameAndType("serviceMetrics", ServiceMetrics.class));
        registry.bind("hubspotClaims", new HubSpotClaims(new RecordClaims(jdbc, clock, HubSpotMapping.SOURCE,
                Duration.ofMinutes(5)), mapping, faults, clock, backoff));
        HubSpotOutcome outcomes = new HubSpotOutcome(mapping, callKey, RecordFields.keyed(dispositions,
                "HUBSPOT_CALL_DISPOSITIONS"));
        registry.bind("hubspotWritebacks", new HubSpotWritebacks(writebacks, outcomes,
                registry.lookupByNameAndType("serviceMetrics", ServiceMetrics.class), faults, clock,
                Duration.ofMillis(writebackFillWaitMs)));
        RecordRequests requests = new RecordRequests(jdbc, clock, HubSpotMapping.SOURCE);
        registry.bind("hubspotRequests", requests);
        if (!blank(clientSecret)) {
            registry.bind("hubspotWebhook", new HubSpotWebhook(new HubSpotSignature(clientSecret, clock,
                    Duration.ofMillis(webhookMaxAgeMs)), Settings.orNull(webhookPublicUrl), requests, faults));
        }
        source.startDeadLetters(replayDeadLetters);
    }

    private void configureDryRun(Registry registry, HubSpotMapping mapping) {
        LeadIntakeWriter ledgerKeys = registry.lookupByNameAndType("leadIntakeWriter", LeadIntakeWriter.class);
        // preview() writes nothing, so the intake needs no write-backs
        registry.bind("hubspotDryRun", new RecordDryRun(registry.lookupByNameAndType("dryRun", DryRun.class),
                intake(registry, mapping, null), CRM, "hs_object_id", ledgerKeys));
        registry.lookupByNameAndType("leadSources", LeadSources.class)
                .register(LeadSource.judgedBy(HubSpotMapping.SOURCE, CRM, "direct:dry-run-hubspot"));
    }

    private static RecordLeadIntake intake(Registry registry, HubSpotMapping mapping, CrmWritebacks writebacks) {
        return new RecordLeadIntake(HubSpotMapping.SOURCE, CRM, registry.lookupByNameAndType("campaigns", Campaigns.class),
                registry.lookupByNameAndType("leadScreening", LeadScreening.class),
                registry.lookupByNameAndType("leadIntakeWriter", LeadIntakeWriter.class), mapping.fields(), writebacks,
                registry.lookupByNameAndType("faultLog", FaultLog.class));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
