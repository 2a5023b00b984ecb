package dev.crmoutbound.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The start of a call's transcript as one text, whatever shape the webhook gave it in: a string, a
 * list of turns ({@code speaker}/{@code role} and {@code text}/{@code content}/{@code message}) or of
 * strings, or an object holding either under {@code text} or {@code segments}/{@code turns}.
 */
public final class TranscriptExcerpt {

    public static final int MAX_CHARS = 1000;

    private TranscriptExcerpt() {
    }

    /** The excerpt, at most {@link #MAX_CHARS} characters (cut at a word, with an ellipsis), or null. */
    public static String of(JsonNode transcript) {
        StringBuilder text = new StringBuilder();
        append(transcript, text);
        String whole = text.toString().strip();
        if (whole.isEmpty()) {
            return null;
        }
        if (whole.length() <= MAX_CHARS) {
            return whole;
        }
        int cut = whole.lastIndexOf(' ', MAX_CHARS - 1);
        return whole.substring(0, cut > MAX_CHARS / 2 ? cut : MAX_CHARS - 1) + "…";
    }

    private static void append(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || out.length() > MAX_CHARS) {
            return;
        }
        if (node.isTextual()) {
            line(out, node.asText());
        } else if (node.isArray()) {
            node.forEach(turn -> append(turn, out));
        } else if (node.isObject()) {
            String said = first(node, "text", "content", "message", "transcript");
            JsonNode nested = node.has("segments") ? node.get("segments") : node.get("turns");
            if (said != null) {
                String speaker = first(node, "speaker", "role");
                line(out, speaker == null ? said : speaker + ": " + said);
            } else if (nested != null) {
                append(nested, out);
            }
        }
    }

    private static String first(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode v = node.get(field);
            if (v != null && v.isValueNode() && !v.asText().isBlank()) {
                return v.asText().strip();
            }
        }
        return null;
    }

    private static void line(StringBuilder out, String text) {
        if (!text.isBlank()) {
            out.append(out.length() == 0 ? "" : "\n").append(text.strip());
        }
    }
}
