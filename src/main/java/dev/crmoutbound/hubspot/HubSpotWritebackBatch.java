package dev.crmoutbound.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crmoutbound.ledger.FinalLead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Up to 100 final leads written back together: their contacts' updates in one batch update, one search
 * for the Call engagements earlier passes logged, the missing ones in one batch create. It collects what
 * HubSpot answered for each lead; {@link HubSpotWritebacks#settle} then records it.
 */
public class HubSpotWritebackBatch {

    private final List<FinalLead> leads;
    private final HubSpotOutcome outcome;
    private final Map<Long, HubSpotError> errors = new HashMap<>();
    private final Map<Long, String> callEngagements = new HashMap<>();
    private final List<FinalLead> callsSent = new ArrayList<>();
    private HubSpotError callFailure;

    HubSpotWritebackBatch(List<FinalLead> leads, HubSpotOutcome outcome) {
        this.leads = leads;
        this.outcome = outcome;
        leads.stream().filter(l -> l.taskId() != null).forEach(l -> callEngagements.put(l.leadId(), l.taskId()));
    }

    public boolean isEmpty() {
        return leads.isEmpty();
    }

    public List<FinalLead> leads() {
        return leads;
    }

    public Map<String, Object> updates() {
        return Map.of("inputs", leads.stream().map(outcome::contactUpdate).toList());
    }

    /** HubSpot's answer to {@link #updates()}. */
    public void updated(JsonNode answer) {
        BatchAnswer answers = new BatchAnswer(answer);
        leads.forEach(lead -> {
            HubSpotError error = answers.errorOf(lead.recordKey());
            if (error != null) {
                errors.put(lead.leadId(), error);
            }
        });
    }

    /** A search for the Call engagements already logged for the calls that the ledger knows none of; null when none. */
    public Map<String, Object> existingCallsSearch() {
        List<String> callIds = needingCall().stream().map(FinalLead::callId).toList();
        return callIds.isEmpty() ? null : outcome.existingCallsSearch(callIds);
    }

    /** The answer to {@link #existingCallsSearch()}: calls logged by a pass cut short are not logged again. */
    public void existingCalls(JsonNode answer) {
        Map<String, String> byCall = new HashMap<>();
        answer.path("results").forEach(call -> byCall.putIfAbsent(
                call.path("properties").path(outcome.callKey()).asText().toLowerCase(Locale.ROOT), call.path("id").asText()));
        for (FinalLead lead : needingCall()) {
            String engagement = byCall.get(lead.callId().toLowerCase(Locale.ROOT));
            if (engagement != null) {
                callEngagements.put(lead.leadId(), engagement);
            }
        }
    }

    /** The Call engagements still to log, one per placed call; null when none. */
    public Map<String, Object> newCalls() {
        callsSent.clear();
        callsSent.addAll(needingCall());
        return callsSent.isEmpty() ? null : Map.of("inputs", callsSent.stream().map(outcome::call).toList());
    }

    /** HubSpot's answer to {@link #newCalls()}, matched to the leads by their inputs' trace ids. */
    public void callsCreated(JsonNode answer) {
        BatchAnswer answers = new BatchAnswer(answer);
        for (FinalLead lead : callsSent) {
            String trace = String.valueOf(lead.leadId());
            HubSpotError error = answers.errorOf(trace);
            if (error == null) {
                callEngagements.put(lead.leadId(), answers.createdId(trace));
            } else {
                errors.putIfAbsent(lead.leadId(), error);
            }
        }
    }

    /** A call of the batch failed as a whole: every lead not settled yet shares its error. */
    public void failed(Throwable failure) {
        callFailure = HubSpotRefusal.errorOf(failure);
    }

    HubSpotError errorOf(FinalLead lead) {
        HubSpotError own = errors.get(lead.leadId());
        return own != null ? own : callFailure;
    }

    String callEngagementOf(FinalLead lead) {
        return callEngagements.get(lead.leadId());
    }

    /** Placed calls with no engagement logged yet, whether or not the contact's own update went through. */
    private List<FinalLead> needingCall() {
        return leads.stream().filter(FinalLead::wasCalled).filter(l -> !callEngagements.containsKey(l.leadId())).toList();
    }
}
