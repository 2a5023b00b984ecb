package dev.crmoutbound.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link PlainNumbers} against libphonenumber itself: for every text it reads, it must give exactly the
 * number {@code PhoneNumberUtil.parse} gives, and read nothing libphonenumber refuses. The texts are
 * libphonenumber's example numbers of every type in every region, written in each of its formats and the
 * ways people write them, read from their own region and from others, then changed digit by digit, and
 * random texts of digits and punctuation.
 */
class PlainNumbersTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final List<String> READ_FROM = List.of("US", "CA", "GB", "DE", "FR", "IT", "BR", "MX", "AR", "IN",
            "CN", "JP", "AU", "RU", "ZA", "NG", "SG", "AE", "IL", "KR");

    private int checked;
    private int readPlainly;

    @Test
    void everyTextItReadsIsReadAsLibphonenumberReadsIt() {
        Random random = new Random(20261206);
        List<String> regions = new ArrayList<>(new TreeSet<>(UTIL.getSupportedRegions()));
        for (String region : regions) {
            for (PhoneNumberType type : PhoneNumberType.values()) {
                PhoneNumber example = UTIL.getExampleNumberForType(region, type);
                if (example == null) {
                    continue;
                }
                for (String text : writings(example, random)) {
                    check(text, region);
                    check(text, READ_FROM.get(random.nextInt(READ_FROM.size())));
                }
            }
        }
        List<Integer> codes = new ArrayList<>(new TreeSet<>(UTIL.getSupportedCallingCodes()));
        for (int i = 0; i < 200_000; i++) {
            check(randomText(random), READ_FROM.get(random.nextInt(READ_FROM.size())));
            check("+" + codes.get(random.nextInt(codes.size())) + randomText(random),
                    READ_FROM.get(random.nextInt(READ_FROM.size())));
        }
        assertThat(checked).isGreaterThan(450_000);
        assertThat(readPlainly).as("texts read without libphonenumber's parse").isGreaterThan(checked / 4);
    }

    @Test
    void readsTheUsualWaysOfWritingANumber() {
        assertThat(PlainNumbers.parse("(415) 555-0123", "US")).contains(number(1, 4155550123L));
        assertThat(PlainNumbers.parse("+44 20 7946 0958", "US")).contains(number(44, 2079460958L));
        assertThat(PlainNumbers.parse("+1.415.555.0123", "GB")).contains(number(1, 4155550123L));
        assertThat(PlainNumbers.parse("1-415-555-0123", "US")).as("the country code: libphonenumber's").isEmpty();
        assertThat(PlainNumbers.parse("020 7946 0958", "GB")).as("a national prefix: libphonenumber's").isEmpty();
        assertThat(PlainNumbers.parse("415-555-0123 ext 12", "US")).as("an extension: libphonenumber's").isEmpty();
    }

    private void check(String text, String region) {
        checked++;
        Optional<PhoneNumber> plain = PlainNumbers.parse(text, region);
        if (plain.isEmpty()) {
            return;
        }
        readPlainly++;
        try {
            assertThat(plain.get()).as("'%s' read in %s", text, region).isEqualTo(UTIL.parse(text, region));
        } catch (NumberParseException e) {
            throw new AssertionError("'" + text + "' read in " + region + " is " + plain.get()
                    + ", but libphonenumber refuses it: " + e.getMessage());
        }
    }

    /** The number as people write it, and variations on its digits. */
    private static List<String> writings(PhoneNumber number, Random random) {
        List<String> out = new ArrayList<>();
        for (PhoneNumberFormat format : PhoneNumberFormat.values()) {
            String text = UTIL.format(number, format);
            out.add(text);
            out.add(text.replace(' ', '-'));
            out.add(text.replace(' ', '.'));
            out.add(text.replaceAll("[^0-9+]", ""));
        }
        String national = String.valueOf(number.getNationalNumber());
        String code = String.valueOf(number.getCountryCode());
        out.add(national);
        out.add(code + national);
        out.add("+" + code + national);
        out.add("+" + code + " (" + national.substring(0, Math.min(3, national.length())) + ") "
                + national.substring(Math.min(3, national.length())));
        out.add("0" + national);
        out.add("00" + code + national);
        out.add("011" + code + national);
        for (int i = 0; i < 6; i++) {
            out.add(changed(national, random));
            out.add("+" + code + changed(national, random));
        }
        return out;
    }

    private static String changed(String digits, Random random) {
        StringBuilder out = new StringBuilder(digits);
        int at = random.nextInt(out.length() + 1);
        switch (random.nextInt(3)) {
            case 0 -> out.insert(at, (char) ('0' + random.nextInt(10)));
            case 1 -> {
                if (at < out.length()) {
                    out.deleteCharAt(at);
                }
            }
            default -> {
                if (at < out.length()) {
                    out.setCharAt(at, (char) ('0' + random.nextInt(10)));
                }
            }
        }
        return out.toString();
    }

    private static String randomText(Random random) {
        String alphabet = "0123456789012345678901234567890123456789 -.()+";
        StringBuilder out = new StringBuilder();
        int length = 1 + random.nextInt(22);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static PhoneNumber number(int countryCode, long national) {
        return new PhoneNumber().setCountryCode(countryCode).setNationalNumber(national);
    }
}
