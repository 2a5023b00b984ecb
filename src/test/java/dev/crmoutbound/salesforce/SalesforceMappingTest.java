package dev.crmoutbound.salesforce;

import dev.crmoutbound.support.TestSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.config.ConfigurationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SalesforceMappingTest {

    private static SalesforceMapping mapping(Map<String, String> values) {
        return SalesforceMapping.from(TestSettings.of(values));
    }

    @Test
    void theDefaultQuerySelectsEveryMappedFieldOnce() {
        SalesforceMapping m = mapping(Map.of("salesforce.object", "Contact", "salesforce.phone-field", "MobilePhone",
                "salesforce.do-not-call-fields", "DoNotCall, HasOptedOutOfCalls__c",
                "salesforce.metadata-fields", "first_name=FirstName, company=Account.Name, MobilePhone"));

        assertThat(m.soql()).isEqualTo("SELECT Id, MobilePhone, DoNotCall, HasOptedOutOfCalls__c, FirstName, Account.Name "
                + "FROM Contact WHERE MobilePhone != null AND AI_Call_Status__c = 'Ready'");
        assertThat(m.metadataFields()).containsExactly(Map.entry("first_name", "FirstName"),
                Map.entry("company", "Account.Name"), Map.entry("MobilePhone", "MobilePhone"));
        assertThat(m.readyRecordsSoql(List.of("003000000000001"))).startsWith("SELECT Id, MobilePhone, DoNotCall, "
                + "HasOptedOutOfCalls__c, FirstName, Account.Name FROM Contact WHERE Id IN ('003000000000001')");
    }

    @Test
    void aMetadataEntryWithoutAFieldIsAConfigurationError() {
        assertThatThrownBy(() -> mapping(Map.of("salesforce.metadata-fields", "first_name=")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("SALESFORCE_METADATA_FIELDS");
    }

    @Test
    void noMetadataFieldsByDefault() {
        assertThat(mapping(Map.of()).metadataFields()).isEmpty();
        assertThat(mapping(Map.of()).soql()).startsWith("SELECT Id, Phone, DoNotCall FROM Lead WHERE");
    }
}
