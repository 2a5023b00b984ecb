package dev.crmoutbound.policy;

import dev.crmoutbound.config.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as people write them in configuration: 90s, 15m, 2h, 1d, or ISO-8601 such as PT2H. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([smhd]?)");

    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new ConfigurationException("'" + text.strip() + "' is not a duration such as 90s, 15m, 2h or 1d");
        }
    }
}
