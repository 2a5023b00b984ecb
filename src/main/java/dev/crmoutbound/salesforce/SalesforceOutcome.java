package dev.crmoutbound.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crmoutbound.ledger.FinalLead;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What Salesforce is told when a lead is final: the record's status, last call id, outcome and time,
 * and for a call that was placed, a Task logged on the record (TaskSubtype Call) with the start of
 * the transcript in its Description.
 */
public class SalesforceOutcome {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ISO_INSTANT;

    private final ObjectMapper json = new ObjectMapper();
    private final SalesforceMapping mapping;

    public SalesforceOutcome(SalesforceMapping mapping) {
        this.mapping = mapping;
    }

    /** The PATCH body that marks a record as taken, so later polls and other instances skip it. */
    public String claim() {
        ObjectNode body = json.createObjectNode();
        body.put(mapping.statusField(), mapping.queuedStatus());
        return body.toString();
    }

    /** SOQL for a Task already logged for this lead's call. */
    public String existingTaskQuery(FinalLead lead) {
        return "SELECT Id FROM Task WHERE CallObject = '" + soqlText(lead.callId()) + "' AND WhoId = '"
                + soqlText(lead.recordKey()) + "' LIMIT 1";
    }

    /** The first record's id in a query answer, or null when it found none. */
    public String firstId(String answer) {
        try {
            var records = json.readTree(answer).path("records");
            return records.isEmpty() ? null : records.get(0).path("Id").asText(null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unexpected answer to a query: " + answer, e);
        }
    }

    private static String soqlText(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }

    /** The id in Salesforce's answer to a create. */
    public String createdId(String answer) {
        try {
            return json.readTree(answer).path("id").asText(null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unexpected answer to a create: " + answer, e);
        }
    }

    /** The PATCH body for the source record. */
    public String recordUpdate(FinalLead lead) {
        ObjectNode body = json.createObjectNode();
        body.put(mapping.statusField(), lead.wasCalled() ? mapping.calledStatus() : mapping.rejectedStatus());
        if (lead.wasCalled()) {
            body.put(mapping.callIdField(), lead.callId());
        }
        body.put(mapping.outcomeField(), lead.wasCalled() ? lead.outcome() : truncate(lead.reason(), 255));
        body.put(mapping.calledAtField(), DATE_TIME.format(lead.finishedAt()));
        return body.toString();
    }

    /** The Task that logs the call on the record; null when no call was placed. */
    public String task(FinalLead lead) {
        if (!lead.wasCalled()) {
            return null;
        }
        ObjectNode task = json.createObjectNode();
        task.put("WhoId", lead.recordKey());
        task.put("Subject", "AI call: " + label(lead.outcome()));
        task.put("TaskSubtype", "Call");
        task.put("CallType", "Outbound");
        task.put("Status", "Completed");
        task.put("CallObject", lead.callId());
        task.put("CallDisposition", lead.outcome());
        if (lead.durationSeconds() != null) {
            task.put("CallDurationInSeconds", lead.durationSeconds());
        }
        task.put("ActivityDate", DATE.format(lead.finishedAt()));
        task.put("Description", "Outbound AI call " + lead.callId() + ": " + label(lead.outcome())
                + (lead.durationSeconds() == null ? "" : ", " + lead.durationSeconds() + " s")
                + (lead.reason() == null ? "" : ". " + lead.reason())
                + ". Attempts: " + lead.attempts() + "."
                + (lead.transcriptExcerpt() == null ? "" : "\n\nTranscript (start):\n" + lead.transcriptExcerpt()));
        return task.toString();
    }

    private static String label(String outcome) {
        return outcome == null ? "unknown" : outcome.replace('_', ' ');
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
