package dev.crmoutbound.module;

import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.Settings;
import dev.crmoutbound.ledger.CrmWritebacks;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.policy.LeadScreening;
import dev.crmoutbound.source.LeadSource;
import dev.crmoutbound.source.LeadSources;
import dev.crmoutbound.source.RecordFields;
import dev.crmoutbound.source.RecordLeadIntake;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;

/**
 * The embedding application as a lead source: its leads come in through {@code direct:crm-outbound-call}
 * ({@code embeddedLeads}) and their outcomes go to its endpoint ({@code embeddedOutcomes}).
 */
public class EmbeddedSetup implements CamelConfiguration {

    @PropertyInject("embedded.source")
    private String source;
    @PropertyInject("embedded.id-field")
    private String idField;
    @PropertyInject("embedded.phone-field")
    private String phoneField;
    @PropertyInject("embedded.metadata-fields")
    private String metadataFields;
    @PropertyInject("embedded.campaign-field")
    private String campaignField;
    @PropertyInject("embedded.consent-field")
    private String consentField;
    @PropertyInject("embedded.time-zone-field")
    private String timeZoneField;
    @PropertyInject("embedded.do-not-call-fields")
    private String doNotCallFields;
    @PropertyInject("embedded.transcript-wait-ms")
    private long transcriptWaitMs;
    @PropertyInject("embedded.outcomes-max-attempts")
    private int maxAttempts;
    @PropertyInject("embedded.outcomes-backoff-ms")
    private long backoffMs;

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        Jdbc jdbc = registry.lookupByNameAndType("ledgerJdbc", Jdbc.class);
        Clock clock = registry.lookupByNameAndType("ledgerClock", Clock.class);
        FaultLog faults = registry.lookupByNameAndType("faultLog", FaultLog.class);
        CrmWritebacks outcomes = new CrmWritebacks(jdbc, clock, maxAttempts, Duration.ofMillis(backoffMs),
                Duration.ofMinutes(5), Duration.ofMillis(transcriptWaitMs));
        RecordFields fields = new RecordFields(phoneField.strip(), RecordFields.names(doNotCallFields),
                RecordFields.keyed(metadataFields, "crm-outbound.embedded.metadata-fields"),
                Settings.orNull(campaignField), Settings.orNull(consentField),
                Settings.orNull(timeZoneField));
        RecordLeadIntake intake = new RecordLeadIntake(source, "application",
                registry.lookupByNameAndType("campaigns", Campaigns.class),
                registry.lookupByNameAndType("leadScreening", LeadScreening.class),
                registry.lookupByNameAndType("leadIntakeWriter", LeadIntakeWriter.class), fields, outcomes, faults);
        registry.bind("embeddedLeads", new EmbeddedLeads(intake, idField.strip()));
        registry.bind("embeddedOutcomes", new EmbeddedOutcomes(source, outcomes, faults));
        registry.lookupByNameAndType("leadSources", LeadSources.class).register(new LeadSource() {
            @Override
            public String name() {
                return source;
            }
        });
    }
}
