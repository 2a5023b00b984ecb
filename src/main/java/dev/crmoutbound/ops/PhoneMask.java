package dev.crmoutbound.ops;

/** Masks phone numbers for log lines: +14155550123 becomes +1415***0123. */
public final class PhoneMask {

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
}
