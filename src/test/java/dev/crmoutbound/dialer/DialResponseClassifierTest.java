package dev.crmoutbound.dialer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DialResponseClassifierTest {

    private final DialResponseClassifier classifier = new DialResponseClassifier();

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "400 | INVALID_PHONE_NUMBER | REJECT",
            "400 | NUMBER_NOT_OWNED     | STOP",
            "400 | OUTBOUND_DISABLED    | STOP",
            "403 | OUTBOUND_DISABLED    | STOP",
            "404 | ENDPOINT_NOT_FOUND   | STOP",
            "400 | INSUFFICIENT_BALANCE | PAUSE",
            "402 | INSUFFICIENT_BALANCE | PAUSE",
            "429 | RATE_LIMIT_EXCEEDED  | RETRY",
            "503 | SERVICE_UNAVAILABLE  | RETRY",
            "422 | SOMETHING_NEW        | FAILED",
    })
    void classifiesByCodeInBothErrorBodies(int status, String code, String kind) {
        String flat = "{\"error\":\"msg\",\"code\":\"" + code + "\",\"details\":{}}";
        String nested = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"msg\"}}";
        assertThat(classifier.classify(status, flat, null).kind()).isEqualTo(kind);
        assertThat(classifier.classify(status, nested, null).kind()).isEqualTo(kind);
        assertThat(classifier.classify(status, nested, null).code()).isEqualTo(code);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"401, STOP", "402, PAUSE", "403, STOP", "404, STOP", "429, RETRY", "500, RETRY", "502, RETRY", "503, RETRY", "504, UNCERTAIN", "408, RETRY", "418, FAILED"})
    void fallsBackToTheHttpStatusWithoutACode(int status, String kind) {
        assertThat(classifier.classify(status, "", null).kind()).isEqualTo(kind);
        assertThat(classifier.classify(status, "<html>gateway</html>", null).kind()).isEqualTo(kind);
    }

    @Test
    void aPlacedCallCarriesItsId() {
        DialVerdict v = classifier.classify(200, "{\"call_id\":\"call_9\",\"status\":\"initiated\"}", null);
        assertThat(v.kind()).isEqualTo("PLACED");
        assertThat(v.callId()).isEqualTo("call_9");
        assertThat(classifier.classify(201, "{\"call_id\":\"call_9\",\"status\":\"queued\"}", null).kind()).isEqualTo("PLACED");
    }

    @Test
    void aSuccessThatSaysFailedIsAFailedAttemptAndOneWithoutAnIdIsUncertain() {
        DialVerdict failed = classifier.classify(200, "{\"call_id\":\"call_9\",\"status\":\"failed\",\"message\":\"carrier\"}", null);
        assertThat(failed.kind()).isEqualTo("FAILED");
        assertThat(failed.reason()).contains("carrier");
        assertThat(classifier.classify(200, "{}", null).kind()).isEqualTo("UNCERTAIN");
    }

    @Test
    void honoursRetryAfterInSecondsOrAsAnHttpDate() {
        assertThat(classifier.classify(429, "{}", "7").retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(classifier.classify(429, "{}", "Wed, 21 Oct 2015 07:28:00 GMT").retryAfter()).isEqualTo(Duration.ZERO);
        assertThat(classifier.classify(429, "{}", "soon").retryAfter()).isNull();
    }

    @Test
    void noAnswerMeansUnknownButUnreachableMeansNothingPlaced() {
        assertThat(classifier.unknownOutcome("Read timed out").kind()).isEqualTo("UNCERTAIN");
        assertThat(classifier.unreachable("Connection refused").kind()).isEqualTo("RETRY");
    }
}
