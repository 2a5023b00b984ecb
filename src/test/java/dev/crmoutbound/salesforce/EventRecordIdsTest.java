package dev.crmoutbound.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventRecordIdsTest {

    private final EventRecordIds ids = new EventRecordIds("Record_Id__c");

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
    void anythingThatIsNotARecordIdIsIgnored() throws Exception {
        assertThat(ids.of("{\"Record_Id__c\":\"x' OR Id != '\"}")).isEmpty();
        assertThat(ids.of("{\"Other__c\":\"00Q000000000021\"}")).isEmpty();
    }
}
