package dev.crmoutbound.ops;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks phone numbers for log lines and the status page: +14155550123 becomes +1415***0123. */
public final class PhoneMask {

    /** Anything that may be a phone number as a person wrote it: 7 or more digits, perhaps with separators. */
    private static final Pattern NUMBER_LIKE = Pattern.compile("\\+?\\d(?:[\\s().-]{0,2}\\d){6,}");

    /** A date in a file name (20261127, 2026-11-27) is not a number to hide. */
    private static final Pattern DATE = Pattern.compile("(19|20)\\d{2}[-.]?[01]\\d[-.]?[0-3]\\d");

    private PhoneMask() {
    }

    public static String mask(String phone) {
        if (phone == null || phone.isBlank()) {
            return "(none)";
        }
        String p = phone.strip();
        if (p.length() <= 8) {
            return "***";
        }
        return p.substring(0, 5) + "***" + p.substring(p.length() - 4);
    }

    /** {@code text} with everything in it that may be a phone number masked (dates and counts under a million stay). */
    public static String maskNumbersIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = NUMBER_LIKE.matcher(text);
        StringBuilder masked = new StringBuilder();
        while (m.find()) {
            String digits = m.group().replaceAll("[^+\\d]", "");
            m.appendReplacement(masked, Matcher.quoteReplacement(DATE.matcher(m.group()).matches() ? m.group() : mask(digits)));
        }
        return m.appendTail(masked).toString();
    }
}
