package dev.crmoutbound.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TranscriptExcerptTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String excerpt(String json) throws Exception {
        return TranscriptExcerpt.of(JSON.readTree(json));
    }

    @Test
    void acceptsEveryShapeATranscriptMayCome() throws Exception {
        assertThat(excerpt("\"agent: Hello\\ncustomer: Hi\\n\"")).isEqualTo("agent: Hello\ncustomer: Hi");
        assertThat(excerpt("[{\"speaker\":\"agent\",\"text\":\"Hello\"},{\"role\":\"user\",\"content\":\"Hi\"}]"))
                .isEqualTo("agent: Hello\nuser: Hi");
        assertThat(excerpt("[\"Hello\", \"Hi\"]")).isEqualTo("Hello\nHi");
        assertThat(excerpt("{\"text\":\"Hello there\"}")).isEqualTo("Hello there");
        assertThat(excerpt("{\"segments\":[{\"speaker\":\"agent\",\"message\":\"Hello\"}]}")).isEqualTo("agent: Hello");
    }

    @Test
    void nothingSaidIsNoExcerpt() throws Exception {
        assertThat(excerpt("\"  \"")).isNull();
        assertThat(excerpt("[]")).isNull();
        assertThat(excerpt("{\"url\":\"https://example.com/t.txt\"}")).isNull();
        assertThat(TranscriptExcerpt.of((JsonNode) null)).isNull();
    }

    @Test
    void aLongTranscriptIsCutAtAWord() throws Exception {
        String said = "word ".repeat(400);
        String excerpt = excerpt(JSON.writeValueAsString(said));
        assertThat(excerpt).hasSizeLessThanOrEqualTo(TranscriptExcerpt.MAX_CHARS).endsWith("word…");
    }
}
