package dev.crmoutbound.policy;

import dev.crmoutbound.config.ConfigurationException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hours a campaign may call, in the recipient's local time, per weekday. A number that may be in
 * several time zones is called only when the window is open in every one of them.
 */
public final class CallingWindow {

    /** Open hours of one day, as seconds of the day: start inclusive, end exclusive (86400 = midnight). */
    record Hours(int start, int end) {
        boolean contains(int secondOfDay) {
            return secondOfDay >= start && secondOfDay < end;
        }
    }

    public static final CallingWindow ALWAYS = uniform(new Hours(0, 86_400));
    public static final String DEFAULT_SPEC = "08:00-21:00";

    private static final Pattern HOURS = Pattern.compile("(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})");
    private static final Pattern DAY_RULE = Pattern.compile("(?i)([a-z]+)(?:\\s*-\\s*([a-z]+))?\\s+(.+)");
    private static final int DAYS_AHEAD = 9;

    private final Map<DayOfWeek, Hours> days;

    private CallingWindow(Map<DayOfWeek, Hours> days) {
        this.days = days;
    }

    private static CallingWindow uniform(Hours hours) {
        Map<DayOfWeek, Hours> days = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            days.put(day, hours);
        }
        return new CallingWindow(days);
    }

    /**
     * Parses {@code 08:00-21:00} (every day) or day rules separated by {@code ;} or {@code ,}, such as
     * {@code mon-fri 08:00-21:00; sat 10:00-18:00; sun closed}. Days no rule names are closed, unless
     * the spec starts with plain hours, which then apply to them.
     */
    public static CallingWindow parse(String spec) {
        Map<DayOfWeek, Hours> days = new EnumMap<>(DayOfWeek.class);
        Set<DayOfWeek> named = EnumSet.noneOf(DayOfWeek.class);
        Hours fallback = null;
        for (String rule : spec.split("[;,]")) {
            rule = rule.strip();
            if (rule.isEmpty()) {
                continue;
            }
            Matcher dayRule = DAY_RULE.matcher(rule);
            if (!Character.isLetter(rule.charAt(0)) || !dayRule.matches()) {
                fallback = hours(rule, spec);
                continue;
            }
            Hours hours = hours(dayRule.group(3), spec);
            DayOfWeek from = day(dayRule.group(1), spec);
            DayOfWeek to = dayRule.group(2) == null ? from : day(dayRule.group(2), spec);
            for (DayOfWeek d = from; ; d = d.plus(1)) {
                days.put(d, hours);
                named.add(d);
                if (d == to) {
                    break;
                }
            }
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            if (!named.contains(day)) {
                days.put(day, fallback); // a closed day is a null entry
            }
        }
        return new CallingWindow(days);
    }

    /** From a map of {@code default} and weekday names (monday, mon, ...) to hours or {@code closed}. */
    public static CallingWindow of(Map<String, String> perDay) {
        StringJoiner spec = new StringJoiner("; ");
        String fallback = perDay.getOrDefault("default", DEFAULT_SPEC);
        spec.add(fallback);
        perDay.forEach((day, hours) -> {
            if (!day.equalsIgnoreCase("default")) {
                spec.add(day + " " + hours);
            }
        });
        return parse(spec.toString());
    }

    public boolean isOpen(Instant at, List<ZoneId> zones) {
        for (ZoneId zone : zones) {
            ZonedDateTime local = at.atZone(zone);
            Hours hours = days.get(local.getDayOfWeek());
            if (hours == null || !hours.contains(local.toLocalTime().toSecondOfDay())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first instant at or after {@code from} when the window is open in all the zones, or null
     * when it never is (the zones' open hours do not overlap).
     */
    public Instant nextOpen(Instant from, List<ZoneId> zones) {
        if (isOpen(from, zones)) {
            return from;
        }
        // Where several windows overlap, the overlap begins where one of them opens.
        List<Instant> openings = new ArrayList<>();
        for (ZoneId zone : zones) {
            LocalDate today = from.atZone(zone).toLocalDate();
            for (int d = 0; d < DAYS_AHEAD; d++) {
                LocalDate date = today.plusDays(d);
                Hours hours = days.get(date.getDayOfWeek());
                if (hours != null) {
                    Instant opens = date.atTime(LocalTime.ofSecondOfDay(hours.start())).atZone(zone).toInstant();
                    if (opens.isAfter(from)) {
                        openings.add(opens);
                    }
                }
            }
        }
        return openings.stream().sorted().filter(at -> isOpen(at, zones)).findFirst().orElse(null);
    }

    public String describe() {
        StringJoiner out = new StringJoiner(", ");
        for (DayOfWeek day : DayOfWeek.values()) {
            Hours h = days.get(day);
            out.add(day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " "
                    + (h == null ? "closed" : time(h.start()) + "-" + time(h.end())));
        }
        return out.toString();
    }

    private static String time(int secondOfDay) {
        return String.format(Locale.ROOT, "%02d:%02d", secondOfDay / 3600, secondOfDay % 3600 / 60);
    }

    private static Hours hours(String text, String spec) {
        if (text.strip().equalsIgnoreCase("closed")) {
            return null;
        }
        Matcher m = HOURS.matcher(text.strip());
        if (!m.matches()) {
            throw bad(spec, "'" + text.strip() + "' is not hours such as 08:00-21:00 or closed");
        }
        int start = seconds(m.group(1), m.group(2), spec);
        int end = seconds(m.group(3), m.group(4), spec);
        if (end <= start) {
            throw bad(spec, "'" + text.strip() + "' ends before it starts");
        }
        return new Hours(start, end);
    }

    private static int seconds(String hours, String minutes, String spec) {
        int h = Integer.parseInt(hours);
        int m = Integer.parseInt(minutes);
        if (h > 24 || m > 59 || (h == 24 && m > 0)) {
            throw bad(spec, hours + ":" + minutes + " is not a time of day");
        }
        return h * 3600 + m * 60;
    }

    private static DayOfWeek day(String name, String spec) {
        return weekday(name, "calling window '" + spec + "'");
    }

    /** {@code mon}, {@code Monday}: a weekday by its name or its first three letters or more. */
    public static DayOfWeek weekday(String name, String where) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.name().toLowerCase(Locale.ROOT);
            if (n.length() >= 3 && full.startsWith(n)) {
                return day;
            }
        }
        throw new ConfigurationException(where + ": '" + name + "' is not a weekday");
    }

    private static ConfigurationException bad(String spec, String problem) {
        return new ConfigurationException("calling window '" + spec + "': " + problem);
    }
}
