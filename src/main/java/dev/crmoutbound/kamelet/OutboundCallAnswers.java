package dev.crmoutbound.kamelet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmoutbound.dialer.DialResponseClassifier;
import dev.crmoutbound.dialer.DialVerdict;
import java.io.IOException;

/**
 * KrosAI's answer to the krosai-outbound-call-sink Kamelet's request, read as the service reads it: a
 * placed call passes (its id then in header {@code KrosAiCallId}); anything else is thrown as the
 * {@link KrosAiCallException} that says what to do about it.
 */
public class OutboundCallAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DialResponseClassifier classifier = new DialResponseClassifier();

    /** The answer body when a call was placed; else throws. */
    public String check(Integer status, String body, String retryAfter) {
        DialVerdict verdict = classifier.classify(status == null ? 0 : status, body, retryAfter);
        switch (verdict.kind()) {
            case "PLACED" -> {
                return body;
            }
            case "REJECT" -> throw new KrosAiCallException.InvalidNumber(verdict.reason());
            case "STOP", "PAUSE" -> throw new KrosAiCallException.Configuration(verdict.code(), verdict.reason());
            case "RETRY" -> {
                if ("RATE_LIMIT_EXCEEDED".equals(verdict.code())) {
                    throw new KrosAiCallException.RateLimited(verdict.reason(),
                            verdict.retryAfter() == null ? null : verdict.retryAfter().toSeconds());
                }
                throw new KrosAiCallException.NotPlaced(verdict.code() == null ? "TRANSIENT" : verdict.code(), verdict.reason());
            }
            case "FAILED" -> throw new KrosAiCallException.NotPlaced(verdict.code(), verdict.reason());
            default -> throw new KrosAiCallException.Uncertain(verdict.reason());
        }
    }

    /** The call id of a placed call's answer. */
    public String callId(String answer) throws IOException {
        return JSON.readTree(answer).path("call_id").asText(null);
    }
}
