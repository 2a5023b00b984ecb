package dev.crmoutbound.salesforce;

import dev.crmoutbound.ledger.RecordClaims;
import dev.crmoutbound.ops.FaultLog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;

/**
 * The claims of records taken in, up to 200 in one sObject Collections update: a record whose claim
 * Salesforce takes is queued to call; one it refuses for good (converted, deleted, a validation rule,
 * a lock that is not a row lock) is rejected with Salesforce's reason and never called; a transient
 * refusal is tried again later; the org's allowance spent or a configuration error close the gate.
 */
public class SalesforceClaims {

    /** One update's worth of claims, in the order of its records. */
    public record Batch(List<RecordClaims.Held> held, List<Map<String, Object>> records) {
        public boolean isEmpty() {
            return held.isEmpty();
        }
    }

    private final RecordClaims claims;
    private final SalesforceOutcome outcome;
    private final SalesforceGate gate;
    private final FaultLog faults;
    private final Clock clock;
    private final Duration backoff;

    public SalesforceClaims(RecordClaims claims, SalesforceOutcome outcome, SalesforceGate gate, FaultLog faults,
                            Clock clock, Duration backoff) {
        this.claims = claims;
        this.outcome = outcome;
        this.gate = gate;
        this.faults = faults;
        this.clock = clock;
        this.backoff = backoff;
    }

    public Batch due(int max) {
        List<RecordClaims.Held> held = claims.due(max);
        return new Batch(held, held.stream().map(h -> outcome.claim(h.recordKey())).toList());
    }

    /** Salesforce's answer, one result per record in the batch's order. */
    public void answered(Batch batch, List<SaveSObjectResult> results) {
        for (int i = 0; i < batch.held().size(); i++) {
            RecordClaims.Held held = batch.held().get(i);
            SaveSObjectResult result = i < results.size() ? results.get(i) : null;
            if (result != null && Boolean.TRUE.equals(result.getSuccess())) {
                claims.accepted(held.leadId());
            } else {
                failed(held, result == null ? new SalesforceError(SalesforceError.Kind.TRANSIENT, null, "no answer")
                        : SalesforceError.of(result.getErrors()));
            }
        }
    }

    /** The update failed as a whole. */
    public void failed(Batch batch, Throwable failure) {
        SalesforceError error = SalesforceError.of(failure);
        batch.held().forEach(held -> failed(held, error));
    }

    private void failed(RecordClaims.Held held, SalesforceError error) {
        switch (error.kind()) {
            case RECORD -> {
                claims.refused(held.leadId(), "Salesforce refused the claim on this record: " + error.describe());
                faults.report("Salesforce refused to claim a record for good (it is not called)", error.code(),
                        held.recordKey() + ": " + error.describe(), null);
            }
            case LIMIT -> {
                gate.limitExceeded(error.describe());
                claims.later(held.leadId(), clock.instant().plus(backoff), error.describe());
            }
            case CONFIGURATION -> {
                gate.stop("claiming records: " + error.describe());
                claims.later(held.leadId(), clock.instant().plus(backoff), error.describe());
            }
            case TRANSIENT -> {
                claims.later(held.leadId(), clock.instant().plus(backoff), error.describe());
                faults.report("Claiming Salesforce records (tried again later)", error.code(), error.describe(), null);
            }
        }
    }
}
