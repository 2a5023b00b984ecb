package dev.crmoutbound.policy.rules;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.geocoding.PhoneNumberOfflineGeocoder;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jurisdiction of a number, offline: its country (libphonenumber's region), and for a US number its
 * state, from libphonenumber's geocoder, which names the area code's place ({@code Florida},
 * {@code Miami, FL}). The geocoder's data is the {@code geocoder} artifact in the pom; a release of it
 * refreshes the area codes. A US number the geocoder places nowhere (toll-free, new area codes) is
 * {@code US} alone, and gets the strictest of the US rules.
 */
public final class Jurisdictions {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final PhoneNumberOfflineGeocoder GEOCODER = PhoneNumberOfflineGeocoder.getInstance();
    private static final Pattern CITY_STATE = Pattern.compile(".*,\\s*([A-Z]{2})");
    private static final Map<String, String> STATES = states();
    /** By area code: each of the NANP's belongs to one state, so there are at most a thousand. */
    private static final Map<String, String> BY_AREA_CODE = new ConcurrentHashMap<>();

    private Jurisdictions() {
    }

    /** {@code US-FL}, {@code US} (a state not told), {@code GB}; null for a number that cannot be parsed. */
    public static String of(String e164) {
        if (e164 == null || !e164.startsWith("+")) {
            return null;
        }
        String prefix = e164.startsWith("+1") && e164.length() >= 5 ? e164.substring(0, 5) : null;
        if (prefix != null) {
            String known = BY_AREA_CODE.get(prefix);
            if (known != null) {
                return known;
            }
        }
        try {
            PhoneNumber number = UTIL.parse(e164, null);
            String region = UTIL.getRegionCodeForNumber(number);
            if (region == null) {
                region = UTIL.getRegionCodeForCountryCode(number.getCountryCode());
            }
            String jurisdiction = "US".equals(region) ? state(number) : region;
            if (prefix != null && jurisdiction != null) {
                BY_AREA_CODE.put(prefix, jurisdiction);
            }
            return jurisdiction;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static String state(PhoneNumber number) {
        String place = GEOCODER.getDescriptionForNumber(number, Locale.ENGLISH).strip();
        Matcher cityState = CITY_STATE.matcher(place);
        String code = cityState.matches() ? cityState.group(1) : STATES.get(place.toLowerCase(Locale.ROOT));
        return code == null ? "US" : "US-" + code;
    }

    private static Map<String, String> states() {
        Map<String, String> byName = new java.util.HashMap<>();
        String[] pairs = {"Alabama", "AL", "Alaska", "AK", "Arizona", "AZ", "Arkansas", "AR", "California", "CA",
            "Colorado", "CO", "Connecticut", "CT", "Delaware", "DE", "Florida", "FL", "Georgia", "GA", "Hawaii", "HI",
            "Idaho", "ID", "Illinois", "IL", "Indiana", "IN", "Iowa", "IA", "Kansas", "KS", "Kentucky", "KY",
            "Louisiana", "LA", "Maine", "ME", "Maryland", "MD", "Massachusetts", "MA", "Michigan", "MI",
            "Minnesota", "MN", "Mississippi", "MS", "Missouri", "MO", "Montana", "MT", "Nebraska", "NE",
            "Nevada", "NV", "New Hampshire", "NH", "New Jersey", "NJ", "New Mexico", "NM", "New York", "NY",
            "North Carolina", "NC", "North Dakota", "ND", "Ohio", "OH", "Oklahoma", "OK", "Oregon", "OR",
            "Pennsylvania", "PA", "Rhode Island", "RI", "South Carolina", "SC", "South Dakota", "SD",
            "Tennessee", "TN", "Texas", "TX", "Utah", "UT", "Vermont", "VT", "Virginia", "VA", "Washington", "WA",
            "Washington State", "WA", "West Virginia", "WV", "Wisconsin", "WI", "Wyoming", "WY",
            "Washington D.C.", "DC", "Washington, D.C.", "DC", "District of Columbia", "DC"};
        for (int i = 0; i < pairs.length; i += 2) {
            byName.put(pairs[i].toLowerCase(Locale.ROOT), pairs[i + 1]);
        }
        return Map.copyOf(byName);
    }
}
