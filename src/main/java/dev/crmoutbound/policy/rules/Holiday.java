package dev.crmoutbound.policy.rules;

import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.policy.CallingWindow;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A holiday as a rule that gives its date in any year: a fixed date ({@code 12-25}), a weekday of a
 * month ({@code 3rd mon of jan}, {@code last mon of may}), a day counted from Easter Sunday
 * ({@code easter-47}, Mardi Gras), or one day of one year ({@code 2027-07-05}, a holiday declared once).
 * An observed fixed date falling on a Saturday is also kept on the Friday before, on a Sunday on the
 * Monday after (as US state offices close); the date itself stays a holiday.
 */
public record Holiday(String name, String rule, boolean observed) {

    private static final Pattern ONE_DAY = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    private static final Pattern FIXED = Pattern.compile("(\\d{1,2})-(\\d{1,2})");
    private static final Pattern NTH = Pattern.compile("(?i)(1st|2nd|3rd|4th|5th|first|second|third|fourth|last)\\s+"
            + "([a-z]+)\\s+(?:of\\s+|in\\s+)?([a-z]+)");
    private static final Pattern EASTER = Pattern.compile("(?i)easter\\s*([+-]\\s*\\d+)?");
    /** Weekdays repeat on the same dates every 28 years: a rule that works in these works in all. */
    private static final int CYCLE_START = 2000;
    private static final int CYCLE_YEARS = 28;

    public Holiday {
        for (int year = CYCLE_START; year < CYCLE_START + CYCLE_YEARS; year++) {
            on(year, name, rule, observed); // refuses a rule it cannot read, when the file is loaded
        }
    }

    /** Its date in {@code year} (as observed, when it is), or null when it has none that year (a one-day holiday). */
    public LocalDate in(int year) {
        return on(year, name, rule, observed);
    }

    /** Whether {@code date} is this holiday: its date, or the day it is observed on (in that year or the next). */
    public boolean fallsOn(LocalDate date) {
        for (int year = date.getYear() - 1; year <= date.getYear() + 1; year++) {
            if (date.equals(on(year, name, rule, false)) || observed && date.equals(on(year, name, rule, true))) {
                return true;
            }
        }
        return false;
    }

    private static LocalDate on(int year, String name, String rule, boolean observed) {
        String text = rule == null ? "" : rule.strip();
        Matcher oneDay = ONE_DAY.matcher(text);
        if (oneDay.matches()) {
            LocalDate date = date(Integer.parseInt(oneDay.group(1)), Integer.parseInt(oneDay.group(2)),
                    Integer.parseInt(oneDay.group(3)), name, text);
            return date.getYear() == year ? date : null;
        }
        Matcher fixed = FIXED.matcher(text);
        if (fixed.matches()) {
            LocalDate date = date(year, Integer.parseInt(fixed.group(1)), Integer.parseInt(fixed.group(2)), name, text);
            return observed ? observedOn(date) : date;
        }
        Matcher nth = NTH.matcher(text);
        if (nth.matches()) {
            LocalDate first = LocalDate.of(year, month(nth.group(3), name, text), 1);
            DayOfWeek day = CallingWindow.weekday(nth.group(2), "holiday " + name + " '" + text + "'");
            String which = nth.group(1).toLowerCase(Locale.ROOT);
            if (which.equals("last")) {
                return first.with(TemporalAdjusters.lastInMonth(day));
            }
            int n = switch (which) {
                case "1st", "first" -> 1;
                case "2nd", "second" -> 2;
                case "3rd", "third" -> 3;
                case "4th", "fourth" -> 4;
                default -> 5;
            };
            LocalDate date = first.with(TemporalAdjusters.dayOfWeekInMonth(n, day));
            if (date.getMonth() != first.getMonth()) {
                throw bad(name, text, "there is no " + which + " " + day + " of " + first.getMonth() + " in " + year);
            }
            return date;
        }
        Matcher easter = EASTER.matcher(text);
        if (easter.matches()) {
            int offset = easter.group(1) == null ? 0 : Integer.parseInt(easter.group(1).replace(" ", ""));
            return easterSunday(year).plusDays(offset);
        }
        throw bad(name, text, "expected a date such as 12-25, 3rd mon of jan, last mon of may, easter-47 or 2027-07-05");
    }

    private static LocalDate observedOn(LocalDate date) {
        return switch (date.getDayOfWeek()) {
            case SATURDAY -> date.minusDays(1);
            case SUNDAY -> date.plusDays(1);
            default -> date;
        };
    }

    /** Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }

    private static LocalDate date(int year, int month, int day, String name, String rule) {
        try {
            return LocalDate.of(year, month, day);
        } catch (java.time.DateTimeException e) {
            throw bad(name, rule, e.getMessage());
        }
    }

    private static Month month(String text, String name, String rule) {
        String t = text.toLowerCase(Locale.ROOT);
        for (Month month : Month.values()) {
            if (t.length() >= 3 && month.name().toLowerCase(Locale.ROOT).startsWith(t)) {
                return month;
            }
        }
        throw bad(name, rule, "'" + text + "' is not a month");
    }

    private static ConfigurationException bad(String name, String rule, String problem) {
        return new ConfigurationException("holiday " + name + " '" + rule + "': " + problem);
    }
}
