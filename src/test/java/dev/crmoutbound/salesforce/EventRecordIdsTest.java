package dev.crmoutbound.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventRecordIdsTest {

    private final EventRecordIds ids = new EventRecordIds("Record_Id__c", "AI_Call_Status__c", "Ready");

    @Test
    void aPlatformEventNamesItsRecordInTheConfiguredField() throws Exception {
        assertThat(ids.of("{\"CreatedDate\":1,\"Record_Id__c\":\"00Q000000000021\"}")).containsExactly("00Q000000000021");
    }

    @Test
    void aChangeDataCaptureEventNamesItsRecordsInTheHeader() throws Exception {
        assertThat(ids.of("{\"ChangeEventHeader\":{\"entityName\":\"Lead\",\"changeType\":\"UPDATE\","
                + "\"recordIds\":[\"00Q000000000031AAA\",\"00Q000000000032AAA\"]},\"AI_Call_Status__c\":\"Ready\"}"))
                .containsExactly("00Q000000000031AAA", "00Q000000000032AAA");
    }

    @Test
    void theServicesOwnUpdatesAndOtherChangesAskForNoLookup() throws Exception {
        String header = "{\"ChangeEventHeader\":{\"entityName\":\"Lead\",\"changeType\":\"%s\","
                + "\"recordIds\":[\"00Q000000000031AAA\"]}%s}";
        assertThat(ids.of(header.formatted("UPDATE", ",\"AI_Call_Status__c\":\"Queued\""))).as("its claim").isEmpty();
        assertThat(ids.of(header.formatted("UPDATE", ",\"AI_Call_Status__c\":\"Called\",\"AI_Last_Call_Id__c\":\"c1\"")))
                .as("its outcome").isEmpty();
        assertThat(ids.of(header.formatted("UPDATE", ",\"Title\":\"CEO\""))).as("a change not to the status").isEmpty();
        assertThat(ids.of(header.formatted("DELETE", ""))).isEmpty();
        assertThat(ids.of(header.formatted("UPDATE", ",\"ai_call_status__c\":\"ready\""))).hasSize(1);
        assertThat(ids.of(header.formatted("CREATE", ",\"Phone\":\"1\""))).as("looked up: is it ready?").hasSize(1);
        assertThat(ids.of(header.formatted("GAP_UPDATE", ""))).hasSize(1);
    }

    @Test
    void anythingThatIsNotARecordIdIsIgnored() throws Exception {
        assertThat(ids.of("{\"Record_Id__c\":\"x' OR Id != '\"}")).isEmpty();
        assertThat(ids.of("{\"Other__c\":\"00Q000000000021\"}")).isEmpty();
    }
}
