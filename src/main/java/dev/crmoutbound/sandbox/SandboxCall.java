package dev.crmoutbound.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One simulated call and the events it produced. */
final class SandboxCall {
    final String id;
    final String fromNumber;
    final String toNumber;
    final String endpointId;
    final JsonNode metadata;
    final String webhookUrl;
    final Instant createdAt;
    final String family;
    volatile String status = "initiated";
    volatile Instant answeredAt;
    volatile Integer duration;
    volatile Integer costCents;
    volatile String hangupCause;
    volatile JsonNode transcript;
    /** The terminal event as delivered, so a test can have it delivered again. */
    volatile com.fasterxml.jackson.databind.node.ObjectNode terminalEnvelope;
    volatile boolean hungUp;
    volatile long startedNanos;
    final List<Map<String, Object>> events = new ArrayList<>();

    SandboxCall(String id, String fromNumber, String toNumber, String endpointId, JsonNode metadata,
                String webhookUrl, Instant createdAt, String family) {
        this.id = id;
        this.fromNumber = fromNumber;
        this.toNumber = toNumber;
        this.endpointId = endpointId;
        this.metadata = metadata;
        this.webhookUrl = webhookUrl;
        this.createdAt = createdAt;
        this.family = family;
    }

    boolean isTerminal() {
        return switch (status) {
            case "completed", "failed", "no_answer", "busy" -> true;
            default -> false;
        };
    }
}
