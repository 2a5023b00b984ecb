package dev.crmoutbound.salesforce;

import dev.crmoutbound.support.TestSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.CampaignPolicy;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.ledger.CrmWritebacks;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.policy.CallingWindow;
import dev.crmoutbound.policy.LeadScreening;
import dev.crmoutbound.policy.RedialPolicy;
import dev.crmoutbound.source.RecordLeadIntake;
import dev.crmoutbound.support.TestCampaigns;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Salesforce records, through the shared record intake, pick their campaign by a field and are screened by its policy, on a real H2 ledger. */
class SalesforceLeadIntakeTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");

    @TempDir
    Path dir;

    private LedgerDatabase database;
    private RecordLeadIntake intake;

    @BeforeEach
    void open() {
        database = LedgerDatabase.open(LedgerDatabase.defaultH2Url(dir), null, null, 2);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Campaign calls = new Campaign("calls", "+14155550100", "ep", "US", 60, null, Map.of(), "calls",
                new CampaignPolicy(CallingWindow.parse("08:00-12:00"), RedialPolicy.NEVER, true, "consent", "time_zone"),
                Campaign.DEFAULT_ACCOUNT);
        Campaigns campaigns = new Campaigns(List.of(calls, TestCampaigns.campaign("followup")), "calls");
        SalesforceMapping mapping = SalesforceMapping.from(TestSettings.of(Map.of(
                "salesforce.campaign-field", "AI_Campaign__c",
                "salesforce.consent-field", "Call_Consent__c",
                "salesforce.time-zone-field", "Time_Zone__c")));
        intake = new RecordLeadIntake(SalesforceMapping.SOURCE, "Salesforce", campaigns, new LeadScreening(clock),
                new LeadIntakeWriter(database.jdbc(), clock, new dev.crmoutbound.ops.FaultLog(), dev.crmoutbound.support.TestHashes.HASHES),
                mapping.fields(), new CrmWritebacks(database.jdbc(), clock, 3, Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofSeconds(1)), new dev.crmoutbound.ops.FaultLog());
        assertThat(mapping.soql()).contains("AI_Campaign__c, Call_Consent__c, Time_Zone__c FROM Lead");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theCampaignFieldPicksTheCampaignWhosePolicyTheRecordMeets() {
        intake.take(record("00Q1", "(415) 555-0101", Map.of("AI_Campaign__c", "followup")));
        intake.take(record("00Q2", "(415) 555-0102", Map.of("Call_Consent__c", "true", "Time_Zone__c", "Europe/London")));
        intake.take(record("00Q3", "(415) 555-0103", Map.of("AI_Campaign__c", "nope")));
        intake.take(record("00Q4", "(415) 555-0104", Map.of("Call_Consent__c", "false")));

        // held until Salesforce takes the claim on the record, which is due at once (the window is judged
        // again when the lead is dialed)
        assertThat(lead("00Q1")).containsExactly("followup", "HELD", null, NOW.toString());
        assertThat(lead("00Q2")).containsExactly("calls", "HELD", null, NOW.toString());
        assertThat(lead("00Q3")).containsExactly("calls", "REJECTED", "unknown campaign 'nope' (AI_Campaign__c)",
                NOW.toString());
        assertThat(lead("00Q4").get(2)).isEqualTo("no consent (Call_Consent__c is 'false')");
    }

    @Test
    void configuredFieldNamesMatchTheOrgsWhateverTheirCase() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        SalesforceMapping lowerCase = SalesforceMapping.from(TestSettings.of(Map.of(
                "salesforce.do-not-call-fields", "donotcall", "salesforce.phone-field", "PHONE",
                "salesforce.metadata-fields", "company=account.name")));
        Campaigns campaigns = new Campaigns(List.of(TestCampaigns.campaign("calls")), "calls");
        RecordLeadIntake lenient = new RecordLeadIntake(SalesforceMapping.SOURCE, "Salesforce", campaigns,
                new LeadScreening(clock), new LeadIntakeWriter(database.jdbc(), clock, new dev.crmoutbound.ops.FaultLog(), dev.crmoutbound.support.TestHashes.HASHES),
                lowerCase.fields(),
                new CrmWritebacks(database.jdbc(), clock, 3, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(1)),
                new dev.crmoutbound.ops.FaultLog());
        SalesforceRecord optedOut = record("00Q7", "(415) 555-0107", Map.of("DoNotCall", "true"));
        optedOut.setField("Account", Map.of("Name", "Acme"));

        lenient.take(optedOut);

        assertThat(lead("00Q7").get(1)).isEqualTo("REJECTED");
        assertThat(lead("00Q7").get(2)).contains("donotcall");
        assertThat(lenient.preview(optedOut).metadataJson()).contains("\"company\":\"Acme\"");
    }

    private static SalesforceRecord record(String id, String phone, Map<String, String> fields) {
        SalesforceRecord r = new SalesforceRecord();
        r.setId(id);
        r.setField("Phone", phone);
        fields.forEach(r::setField);
        return r;
    }

    private List<String> lead(String recordKey) {
        return database.jdbc().queryOne("SELECT campaign_id, state, reason, next_attempt_at FROM call_lead "
                + "WHERE record_key = ?", rs -> java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3),
                dev.crmoutbound.ledger.Jdbc.instant(rs, "next_attempt_at").toString()), recordKey).orElseThrow();
    }
}
