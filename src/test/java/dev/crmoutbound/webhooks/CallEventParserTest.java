package dev.crmoutbound.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CallEventParserTest {

    private final CallEventParser parser = new CallEventParser();

    private CallEvent parse(String type, String data) {
        String body = "{\"id\":\"evt_1\",\"event\":\"" + type + "\",\"timestamp\":\"2026-11-24T10:00:00Z\","
                + "\"data\":{\"call_id\":\"call_1\",\"metadata\":{\"request_id\":\"r1\",\"attempt\":2}" + data + "}}";
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "call.initiated | ,\"status\":\"initiated\" | initiated",
            "call.ringing   |                          | ringing",
            "call.answered  |                          | answered",
            "call.started   |                          | answered",
            "call.completed | ,\"status\":\"completed\",\"duration\":61 | completed",
            "call.completed |                          | completed",
            "call.failed    | ,\"status\":\"no_answer\" | no_answer",
            "call.failed    | ,\"hangup_cause\":\"busy\" | busy",
            "call.failed    | ,\"hangup_cause\":\"no_answer\" | no_answer",
            "call.failed    | ,\"hangup_cause\":\"network_error\" | failed",
            "call.failed    | ,\"error_code\":\"CARRIER_ERROR\" | failed",
            "call.ended     |                          | completed",
            "call.ended     | ,\"hangup_cause\":\"user_hangup\" | completed",
            "call.ended     | ,\"hangup_cause\":\"timeout\" | completed",
            "call.ended     | ,\"hangup_cause\":\"busy\" | busy",
            "call.ended     | ,\"hangup_cause\":\"rejected\" | failed",
            "call.ended     | ,\"status\":\"no_answer\" | no_answer",
            "CALL.COMPLETED | ,\"status\":\"Completed\" | completed",
    })
    void readsTheOutcomeFromEitherEventFamily(String type, String data, String status) {
        assertThat(parse(type, data == null ? "" : data).status()).isEqualTo(status);
    }

    @Test
    void recordingAndTranscriptEventsCarryNoStatus() {
        assertThat(parse("transcript.ready", "").status()).isNull();
        assertThat(parse("call.recording.completed", "").status()).isNull();
    }

    @Test
    void keepsTheStartOfATranscriptFromAnyEvent() {
        assertThat(parse("transcription.completed", ",\"transcript\":[{\"speaker\":\"agent\",\"text\":\"Hello\"}]")
                .transcriptExcerpt()).isEqualTo("agent: Hello");
        assertThat(parse("call.ended", ",\"transcript\":\"Hello\"").transcriptExcerpt()).isEqualTo("Hello");
        assertThat(parse("call.completed", "").transcriptExcerpt()).isNull();
    }

    @Test
    void readsCorrelationAndCallFigures() {
        CallEvent e = parse("call.completed", ",\"duration\":\"61\",\"cost_cents\":24,\"hangup_cause\":\"agent_hangup\"");
        assertThat(e.eventId()).isEqualTo("evt_1");
        assertThat(e.callId()).isEqualTo("call_1");
        assertThat(e.requestId()).isEqualTo("r1");
        assertThat(e.attempt()).isEqualTo(2);
        assertThat(e.durationSeconds()).isEqualTo(61);
        assertThat(e.costCents()).isEqualTo(24);
        assertThat(e.hangupCause()).isEqualTo("agent_hangup");
    }

    @Test
    void refusesWhatIsNotAnEvent() {
        assertThatThrownBy(() -> parser.parse("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parser.parse("{\"event\":\"call.completed\",\"data\":{}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs id");
        assertThatThrownBy(() -> parser.parse("{oops".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
    }
}
