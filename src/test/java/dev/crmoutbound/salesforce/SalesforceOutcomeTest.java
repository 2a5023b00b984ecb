package dev.crmoutbound.salesforce;

import dev.crmoutbound.support.TestSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.ledger.FinalLead;
import dev.crmoutbound.ledger.LeadState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SalesforceOutcomeTest {

    private static final FinalLead CALLED = new FinalLead(1, "006000000000001", LeadState.DONE, "completed", null,
            "call_1", 1, 42, Instant.parse("2026-11-27T10:15:30.123456789Z"), null, null);

    private static SalesforceOutcome outcome(Map<String, String> settings) {
        return new SalesforceOutcome(SalesforceMapping.from(TestSettings.of(settings)));
    }

    @Test
    void aTaskNamesAPersonByWhoIdAnythingElseByWhatIdWithTheOrgsStatus() {
        assertThat(outcome(Map.of()).task(CALLED)).containsEntry("WhoId", "006000000000001").doesNotContainKey("WhatId")
                .containsEntry("Status", "Completed");
        assertThat(outcome(Map.of("salesforce.object", "Contact")).task(CALLED)).containsKey("WhoId");
        assertThat(outcome(Map.of("salesforce.object", "Opportunity", "salesforce.task-status", "Done")).task(CALLED))
                .containsEntry("WhatId", "006000000000001").doesNotContainKey("WhoId").containsEntry("Status", "Done");
    }

    @Test
    void theTaskSaysWhichCallingRuleDeferredTheLead() {
        FinalLead deferred = new FinalLead(1, "006000000000001", LeadState.DONE, "completed", null, "call_1", 1, 42,
                Instant.parse("2027-05-30T12:00:05Z"), null, null, "US-FL hours 08:00-20:00");
        assertThat((String) outcome(Map.of()).task(deferred).get("Description"))
                .isEqualTo("Outbound AI call call_1: completed, 42 s. Attempts: 1. Deferred by the calling rule "
                        + "US-FL hours 08:00-20:00.");
    }

    @Test
    void timesGoWithMillisecondsAsSalesforceKeepsThem() {
        assertThat(outcome(Map.of()).recordUpdate(CALLED)).containsEntry("AI_Last_Called_At__c", "2026-11-27T10:15:30.123Z")
                .containsEntry("attributes", Map.of("type", "Lead")).containsEntry("id", "006000000000001");
    }
}
