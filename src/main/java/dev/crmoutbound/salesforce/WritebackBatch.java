package dev.crmoutbound.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmoutbound.ledger.FinalLead;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;

/**
 * Up to 200 final leads written back together: their records' updates in one sObject Collections call,
 * one query for the Tasks earlier passes logged, the missing Tasks in one more call. It collects what
 * Salesforce answered for each lead; {@link SalesforceWritebacks#settle} then records it.
 */
public class WritebackBatch {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<FinalLead> leads;
    private final SalesforceOutcome outcome;
    private final Map<Long, SalesforceError> errors = new HashMap<>();
    private final Map<Long, String> taskIds = new HashMap<>();
    private final List<FinalLead> tasksSent = new ArrayList<>();
    private SalesforceError callFailure;

    WritebackBatch(List<FinalLead> leads, SalesforceOutcome outcome) {
        this.leads = leads;
        this.outcome = outcome;
        leads.stream().filter(l -> l.taskId() != null).forEach(l -> taskIds.put(l.leadId(), l.taskId()));
    }

    public boolean isEmpty() {
        return leads.isEmpty();
    }

    public List<FinalLead> leads() {
        return leads;
    }

    public List<Map<String, Object>> updates() {
        return leads.stream().map(outcome::recordUpdate).toList();
    }

    /** The answer to {@link #updates()}, one result per lead. */
    public void updated(List<SaveSObjectResult> results) {
        for (int i = 0; i < leads.size(); i++) {
            SaveSObjectResult result = i < results.size() ? results.get(i) : null;
            if (result == null || !Boolean.TRUE.equals(result.getSuccess())) {
                errors.put(leads.get(i).leadId(), result == null
                        ? new SalesforceError(SalesforceError.Kind.TRANSIENT, null, "no answer")
                        : SalesforceError.of(result.getErrors()));
            }
        }
    }

    /** SOQL for the Tasks already logged for this batch's calls that the ledger knows none of; null when none. */
    public String existingTasksQuery() {
        List<String> callIds = needingTask().stream().map(FinalLead::callId).toList();
        return callIds.isEmpty() ? null : outcome.existingTasksQuery(callIds);
    }

    /** The answer to {@link #existingTasksQuery()}: Tasks logged by a pass cut short are not logged again. */
    public void existingTasks(String answer) throws IOException {
        Map<String, String> byCall = new LinkedHashMap<>();
        for (JsonNode task : JSON.readTree(answer).path("records")) {
            byCall.putIfAbsent(task.path("CallObject").asText(), task.path("Id").asText());
        }
        for (FinalLead lead : needingTask()) {
            if (byCall.containsKey(lead.callId())) {
                taskIds.put(lead.leadId(), byCall.get(lead.callId()));
            }
        }
    }

    /** The Tasks still to log, one per placed call. */
    public List<Map<String, Object>> newTasks() {
        tasksSent.clear();
        tasksSent.addAll(needingTask());
        return tasksSent.stream().map(outcome::task).toList();
    }

    /** The answer to {@link #newTasks()}. */
    public void tasksCreated(List<SaveSObjectResult> results) {
        for (int i = 0; i < tasksSent.size(); i++) {
            FinalLead lead = tasksSent.get(i);
            SaveSObjectResult result = i < results.size() ? results.get(i) : null;
            if (result != null && Boolean.TRUE.equals(result.getSuccess())) {
                taskIds.put(lead.leadId(), result.getId());
            } else {
                errors.putIfAbsent(lead.leadId(), result == null
                        ? new SalesforceError(SalesforceError.Kind.TRANSIENT, null, "no answer")
                        : SalesforceError.of(result.getErrors()));
            }
        }
    }

    /** A call of the batch failed as a whole: every lead not settled yet shares its error. */
    public void failed(Throwable failure) {
        callFailure = SalesforceError.of(failure);
    }

    SalesforceError errorOf(FinalLead lead) {
        SalesforceError own = errors.get(lead.leadId());
        return own != null ? own : callFailure;
    }

    String taskIdOf(FinalLead lead) {
        return taskIds.get(lead.leadId());
    }

    /**
     * Placed calls with no Task logged yet, whether or not the record's own update went through (a
     * validation rule on the record does not stop the call being logged on it).
     */
    private List<FinalLead> needingTask() {
        return leads.stream().filter(FinalLead::wasCalled).filter(l -> !taskIds.containsKey(l.leadId())).toList();
    }
}
