package dev.crmoutbound.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crmoutbound.ledger.RecordClaims;
import dev.crmoutbound.ops.FaultLog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The claims of contacts taken in, up to 100 in one batch update setting their status to queued: a
 * contact whose claim HubSpot takes is queued to call; one it refuses for good (deleted, a value it
 * rejects) is rejected with HubSpot's reason and never called; anything else is tried again later.
 */
public class HubSpotClaims {

    /** One batch update's worth of claims. */
    public record Batch(List<RecordClaims.Held> held, Map<String, Object> request) {
        public boolean isEmpty() {
            return held.isEmpty();
        }
    }

    private final RecordClaims claims;
    private final HubSpotMapping mapping;
    private final FaultLog faults;
    private final Clock clock;
    private final Duration backoff;

    public HubSpotClaims(RecordClaims claims, HubSpotMapping mapping, FaultLog faults, Clock clock, Duration backoff) {
        this.claims = claims;
        this.mapping = mapping;
        this.faults = faults;
        this.clock = clock;
        this.backoff = backoff;
    }

    public Batch due(int max) {
        List<RecordClaims.Held> held = claims.due(max);
        return new Batch(held, Map.of("inputs", held.stream().map(h -> mapping.claim(h.recordKey())).toList()));
    }

    /** HubSpot's answer to the batch update. */
    public void answered(Batch batch, JsonNode answer) {
        BatchAnswer answers = new BatchAnswer(answer);
        batch.held().forEach(held -> {
            HubSpotError error = answers.errorOf(held.recordKey());
            if (error == null) {
                claims.accepted(held.leadId());
            } else {
                failed(held, error);
            }
        });
    }

    /** The update failed as a whole (the gate has acted on a rate limit or a setting to fix): tried again later. */
    public void failed(Batch batch, Throwable failure) {
        HubSpotError error = HubSpotRefusal.errorOf(failure);
        batch.held().forEach(held -> failed(held, error));
    }

    private void failed(RecordClaims.Held held, HubSpotError error) {
        if (error.kind() == HubSpotError.Kind.RECORD) {
            claims.refused(held.leadId(), "HubSpot refused the claim on this contact: " + error.describe());
            faults.report("HubSpot refused to claim a contact for good (it is not called)", error.category(),
                    held.recordKey() + ": " + error.describe(), null);
            return;
        }
        claims.later(held.leadId(), clock.instant().plus(backoff), error.describe());
        if (error.kind() == HubSpotError.Kind.TRANSIENT) {
            faults.report("Claiming HubSpot contacts (tried again later)", error.category(), error.describe(), null);
        }
    }
}
