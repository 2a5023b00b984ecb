package dev.crmoutbound.hubspot;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The URI as HubSpot signs it (v3): with these percent-encoded characters decoded, and no others. */
final class HubSpotUris {

    private static final Map<String, String> DECODED = Map.ofEntries(
            Map.entry("%3A", ":"), Map.entry("%2F", "/"), Map.entry("%3F", "?"), Map.entry("%40", "@"),
            Map.entry("%21", "!"), Map.entry("%24", "$"), Map.entry("%27", "'"), Map.entry("%28", "("),
            Map.entry("%29", ")"), Map.entry("%2A", "*"), Map.entry("%2C", ","), Map.entry("%3B", ";"));
    private static final Pattern ENCODED = Pattern.compile("%[0-9A-Fa-f]{2}");

    private HubSpotUris() {
    }

    static String decoded(String uri) {
        Matcher m = ENCODED.matcher(uri);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String code = m.group().toUpperCase(java.util.Locale.ROOT);
            m.appendReplacement(out, Matcher.quoteReplacement(DECODED.getOrDefault(code, m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
