package dev.crmoutbound.salesforce;

import dev.crmoutbound.ledger.FinalLead;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What Salesforce is told, as sObject Collections records: the claim (the record's status set to
 * Queued), and when a lead is final, the record's status, last call id, outcome and time, and for a
 * call that was placed a Task logged on the record (TaskSubtype Call) with the start of the transcript.
 */
public class SalesforceOutcome {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    /** Salesforce keeps milliseconds: more digits are refused by some orgs' validation. */
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final SalesforceMapping mapping;

    public SalesforceOutcome(SalesforceMapping mapping) {
        this.mapping = mapping;
    }

    /** The update that marks a record as taken, so later polls and other instances skip it. */
    public Map<String, Object> claim(String recordId) {
        Map<String, Object> record = record(mapping.object(), recordId);
        record.put(mapping.statusField(), mapping.queuedStatus());
        return record;
    }

    /** The update of the source record once its lead is final. */
    public Map<String, Object> recordUpdate(FinalLead lead) {
        Map<String, Object> record = record(mapping.object(), lead.recordKey());
        record.put(mapping.statusField(), lead.wasCalled() ? mapping.calledStatus() : mapping.rejectedStatus());
        if (lead.wasCalled()) {
            record.put(mapping.callIdField(), lead.callId());
        }
        record.put(mapping.outcomeField(), lead.wasCalled() ? lead.outcome() : truncate(lead.reason(), 255));
        record.put(mapping.calledAtField(), DATE_TIME.format(lead.finishedAt()));
        return record;
    }

    /** SOQL for the Tasks already logged for these calls (a pass cut short after creating them). */
    public String existingTasksQuery(Collection<String> callIds) {
        return "SELECT Id, CallObject FROM Task WHERE CallObject IN ("
                + callIds.stream().map(id -> "'" + soqlText(id) + "'").collect(Collectors.joining(", ")) + ")";
    }

    private static String soqlText(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }

    /** The Task that logs the call on the record; null when no call was placed. */
    public Map<String, Object> task(FinalLead lead) {
        if (!lead.wasCalled()) {
            return null;
        }
        Map<String, Object> task = record("Task", null);
        task.put(mapping.taskRelationField(), lead.recordKey());
        task.put("Subject", "AI call: " + lead.outcomeLabel());
        task.put("TaskSubtype", "Call");
        task.put("CallType", "Outbound");
        task.put("Status", mapping.taskStatus());
        task.put("CallObject", lead.callId());
        task.put("CallDisposition", lead.outcome());
        if (lead.durationSeconds() != null) {
            task.put("CallDurationInSeconds", lead.durationSeconds());
        }
        task.put("ActivityDate", DATE.format(lead.finishedAt()));
        task.put("Description", lead.activityText());
        return task;
    }

    private static Map<String, Object> record(String type, String id) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("attributes", Map.of("type", type));
        if (id != null) {
            record.put("id", id);
        }
        return record;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
