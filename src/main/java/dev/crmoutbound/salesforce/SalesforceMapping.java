package dev.crmoutbound.salesforce;

import dev.crmoutbound.config.Settings;
import dev.crmoutbound.source.RecordFields;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Salesforce fields mean what: where the phone is, which checkbox fields forbid a call, which
 * fields go with the call as metadata (key to field), which (optional) fields name the campaign, hold
 * consent or the recipient's time zone, and the fields the outcome is written to. All configurable,
 * with defaults for custom fields on Lead.
 */
public record SalesforceMapping(String object, String soql, String phoneField, List<String> doNotCallFields,
                                Map<String, String> metadataFields, String statusField, String readyStatus,
                                String queuedStatus, String calledStatus, String rejectedStatus, String callIdField,
                                String outcomeField, String calledAtField, String campaignField,
                                String consentField, String timeZoneField, String taskStatus) {

    /** The leads' source in the ledger. */
    public static final String SOURCE = "salesforce";

    public static SalesforceMapping from(Settings s) {
        String object = s.text("salesforce.object");
        String phone = s.text("salesforce.phone-field");
        String status = s.text("salesforce.status-field");
        String ready = s.text("salesforce.ready-status");
        List<String> doNotCall = RecordFields.names(s.text("salesforce.do-not-call-fields"));
        Map<String, String> metadata = RecordFields.keyed(s.text("salesforce.metadata-fields", ""), "SALESFORCE_METADATA_FIELDS");
        String campaign = s.optional("salesforce.campaign-field").orElse(null);
        String consent = s.optional("salesforce.consent-field").orElse(null);
        String timeZone = s.optional("salesforce.time-zone-field").orElse(null);
        List<String> policyFields = java.util.stream.Stream.of(campaign, consent, timeZone)
                .filter(java.util.Objects::nonNull).toList();
        // a converted lead can no longer be updated: it would be read, refused and read again every poll
        String soql = s.text("salesforce.soql", "SELECT " + selectList(phone, doNotCall, metadata, policyFields)
                + " FROM " + object + " WHERE " + phone + " != null AND " + status + " = '" + ready + "'"
                + ("Lead".equalsIgnoreCase(object) ? " AND IsConverted = false" : ""));
        return new SalesforceMapping(object, soql, phone, doNotCall, metadata, status, ready,
                s.text("salesforce.queued-status"), s.text("salesforce.called-status"),
                s.text("salesforce.rejected-status"), s.text("salesforce.call-id-field"),
                s.text("salesforce.outcome-field"),
                s.text("salesforce.called-at-field"), campaign, consent, timeZone,
                s.text("salesforce.task-status"));
    }

    /** The fields the shared record intake reads. */
    public RecordFields fields() {
        return new RecordFields(phoneField, doNotCallFields, metadataFields, campaignField, consentField, timeZoneField);
    }

    /** The Task field that names the record: WhoId for a person (Lead, Contact), WhatId for anything else. */
    public String taskRelationField() {
        return "Lead".equalsIgnoreCase(object) || "Contact".equalsIgnoreCase(object) ? "WhoId" : "WhatId";
    }

    /** SOQL for the named records, if they are still ready to call (ids as an event gave them). */
    public String readyRecordsSoql(List<String> ids) {
        List<String> policyFields = java.util.stream.Stream.of(campaignField, consentField, timeZoneField)
                .filter(java.util.Objects::nonNull).toList();
        return "SELECT " + selectList(phoneField, doNotCallFields, metadataFields, policyFields) + " FROM " + object + " WHERE Id IN ('" + String.join("', '", ids) + "') AND " + statusField + " = '"
                + readyStatus + "'" + ("Lead".equalsIgnoreCase(object) ? " AND IsConverted = false" : "");
    }

    private static String selectList(String phone, List<String> doNotCall, Map<String, String> metadata,
                                     List<String> policyFields) {
        Set<String> fields = new LinkedHashSet<>(List.of("Id", phone));
        fields.addAll(doNotCall);
        fields.addAll(metadata.values());
        fields.addAll(policyFields);
        return String.join(", ", fields);
    }
}
