package dev.crmoutbound.intake;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Reads the numbers most lead files hold (digits grouped by spaces, dashes, dots or parentheses, with
 * or without one leading +) as libphonenumber's {@code parse} reads them, without its regular
 * expressions: those were two thirds of the cost of screening a row. For such a text, {@code parse}
 * keeps the digits, takes the country code after a + (or the region's), and strips nothing else unless
 * the digits start with the region's international or national prefix, with its country code, or with
 * a 0. Those, and any other text (letters, an extension, a "tel:" URI), are left to libphonenumber:
 * {@link #parse} answers empty. {@code PlainNumbersTest} holds this to libphonenumber's own answers.
 */
final class PlainNumbers {

    /** libphonenumber's bounds: the text it reads, a national number, a country code. */
    private static final int MAX_TEXT = 250;
    private static final int MAX_NATIONAL_DIGITS = 17;
    private static final int MAX_COUNTRY_CODE_DIGITS = 3;

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance()
            .getPhoneNumberMetadataSource();
    private static final Map<String, Optional<Plan>> BY_REGION = new ConcurrentHashMap<>();
    private static final Map<Integer, Optional<Plan>> BY_COUNTRY_CODE = new ConcurrentHashMap<>();

    /** What parsing strips from a number of a numbering plan, as patterns looked for at its start. */
    private record Plan(int countryCode, String countryCodeDigits, Pattern internationalPrefix,
                        Pattern nationalPrefix) {

        /** Nothing is stripped from these national digits: no prefix of this plan starts them. */
        boolean keepsAsIs(String digits, boolean afterCountryCode) {
            return digits.charAt(0) != '0'
                    && (nationalPrefix == null || !nationalPrefix.matcher(digits).lookingAt())
                    && (afterCountryCode || !digits.startsWith(countryCodeDigits)
                    && !internationalPrefix.matcher(digits).lookingAt());
        }
    }

    private PlainNumbers() {
    }

    /** The number libphonenumber's {@code parse(text, region)} gives, when the text is a plain one. */
    static Optional<PhoneNumber> parse(String text, String region) {
        if (text.length() > MAX_TEXT) {
            return Optional.empty();
        }
        StringBuilder digits = new StringBuilder(MAX_NATIONAL_DIGITS + MAX_COUNTRY_CODE_DIGITS);
        boolean plus = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch >= '0' && ch <= '9') {
                digits.append(ch);
            } else if (ch == '+' && !plus && digits.isEmpty()) {
                plus = true;
            } else if (ch != ' ' && ch != '-' && ch != '.' && ch != '(' && ch != ')') {
                return Optional.empty();
            }
        }
        // fewer than three digits among punctuation is not a number to libphonenumber; a leading 0 is
        // an Italian leading zero, a prefix, or no country code
        if (digits.length() < 3 || digits.charAt(0) == '0') {
            return Optional.empty();
        }
        return plus ? international(digits.toString()) : national(digits.toString(), region);
    }

    private static Optional<PhoneNumber> national(String digits, String region) {
        Optional<Plan> plan = BY_REGION.computeIfAbsent(region, r -> plan(METADATA.getMetadataForRegion(r)));
        if (plan.isEmpty() || digits.length() > MAX_NATIONAL_DIGITS || !plan.get().keepsAsIs(digits, false)) {
            return Optional.empty();
        }
        return Optional.of(new PhoneNumber().setCountryCode(plan.get().countryCode())
                .setNationalNumber(Long.parseLong(digits)));
    }

    private static Optional<PhoneNumber> international(String digits) {
        for (int length = 1; length <= MAX_COUNTRY_CODE_DIGITS && length < digits.length(); length++) {
            int countryCode = Integer.parseInt(digits.substring(0, length));
            if (UTIL.getSupportedCallingCodes().contains(countryCode)) {
                String national = digits.substring(length);
                Optional<Plan> plan = BY_COUNTRY_CODE.computeIfAbsent(countryCode, PlainNumbers::planOf);
                if (plan.isEmpty() || national.length() < 2 || national.length() > MAX_NATIONAL_DIGITS
                        || !plan.get().keepsAsIs(national, true)) {
                    return Optional.empty();
                }
                return Optional.of(new PhoneNumber().setCountryCode(countryCode)
                        .setNationalNumber(Long.parseLong(national)));
            }
        }
        return Optional.empty();
    }

    /** The plan libphonenumber parses a country code's numbers by: its main region's, or a non-geographic one. */
    private static Optional<Plan> planOf(int countryCode) {
        String region = UTIL.getRegionCodeForCountryCode(countryCode);
        return plan(PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
                ? METADATA.getMetadataForNonGeographicalRegion(countryCode) : METADATA.getMetadataForRegion(region));
    }

    private static Optional<Plan> plan(PhoneMetadata metadata) {
        if (metadata == null || metadata.getInternationalPrefix().isEmpty()) {
            return Optional.empty();
        }
        String nationalPrefix = metadata.getNationalPrefixForParsing();
        return Optional.of(new Plan(metadata.getCountryCode(), String.valueOf(metadata.getCountryCode()),
                Pattern.compile(metadata.getInternationalPrefix()),
                nationalPrefix.isEmpty() ? null : Pattern.compile(nationalPrefix)));
    }
}
