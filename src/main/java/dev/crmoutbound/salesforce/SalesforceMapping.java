package dev.crmoutbound.salesforce;

import dev.crmoutbound.config.Settings;
import java.util.Arrays;
import java.util.List;

/**
 * Which Salesforce fields mean what: where the phone is, which checkbox fields forbid a call, and the
 * fields the outcome is written to. All configurable, with defaults for custom fields on Lead.
 */
public record SalesforceMapping(String object, String soql, String phoneField, List<String> doNotCallFields,
                                String statusField, String queuedStatus, String calledStatus,
                                String rejectedStatus, String callIdField, String outcomeField, String calledAtField) {

    public static SalesforceMapping from(Settings s) {
        String object = s.text("salesforce.object", "Lead");
        String phone = s.text("salesforce.phone-field", "Phone");
        String status = s.text("salesforce.status-field", "AI_Call_Status__c");
        List<String> doNotCall = Arrays.stream(s.text("salesforce.do-not-call-fields", "DoNotCall").split(","))
                .map(String::strip).filter(f -> !f.isEmpty()).toList();
        String soql = s.text("salesforce.soql", "SELECT Id, " + phone
                + (doNotCall.isEmpty() ? "" : ", " + String.join(", ", doNotCall)) + " FROM " + object
                + " WHERE " + phone + " != null AND " + status + " = '" + s.text("salesforce.ready-status", "Ready") + "'");
        return new SalesforceMapping(object, soql, phone, doNotCall, status,
                s.text("salesforce.queued-status", "Queued"), s.text("salesforce.called-status", "Called"),
                s.text("salesforce.rejected-status", "Rejected"), s.text("salesforce.call-id-field", "AI_Last_Call_Id__c"),
                s.text("salesforce.outcome-field", "AI_Call_Outcome__c"),
                s.text("salesforce.called-at-field", "AI_Last_Called_At__c"));
    }
}
