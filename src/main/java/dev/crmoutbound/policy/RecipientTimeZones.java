package dev.crmoutbound.policy;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.crmoutbound.intake.PhoneNormalizer;
import dev.crmoutbound.ledger.InputBounds;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a recipient's clock is: the time zones libphonenumber maps the number to, or the zone a lead
 * gives explicitly (which wins). Kept in the ledger as a comma-separated list of zone ids.
 */
public final class RecipientTimeZones {

    /** Either the zones (and their ids joined, as the ledger keeps them) or why there are none. */
    public record Result(List<ZoneId> zones, String rejectReason, String joined) {
        static Result of(List<ZoneId> zones) {
            return new Result(zones, null, String.join(",", zones.stream().map(ZoneId::getId).toList()));
        }

        static Result none(String reason) {
            return new Result(null, reason, null);
        }
    }

    private static final PhoneNumberToTimeZonesMapper MAPPER = PhoneNumberToTimeZonesMapper.getInstance();
    private static final String UNKNOWN = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** By the mapper's answer, of which there are a few hundred: ZoneId.of parses and checks each id every time. */
    private static final Map<List<String>, Result> MAPPED = new ConcurrentHashMap<>();

    public Result of(String e164, String override) {
        if (override != null && !override.isBlank()) {
            return explicit(override);
        }
        try {
            return mapped(MAPPER.getTimeZonesForNumber(UTIL.parse(e164, null)));
        } catch (NumberParseException e) {
            return Result.none("the number's time zone is unknown: " + e.getMessage());
        }
    }

    /** As {@link #of(String, String)} for a number the normaliser found valid, without parsing it again. */
    public Result of(PhoneNormalizer.Result number, String override) {
        if (override != null && !override.isBlank()) {
            return explicit(override);
        }
        PhoneNumber parsed = number.parsed();
        PhoneNumberType type = number.type();
        // the mapper's own getTimeZonesForNumber, without typing the number a second time
        return mapped(UTIL.isNumberGeographical(type, parsed.getCountryCode())
                ? MAPPER.getTimeZonesForGeographicalNumber(parsed) : MAPPER.getTimeZonesForNumber(parsed));
    }

    private static Result explicit(String zone) {
        try {
            return Result.of(List.of(ZoneId.of(zone.strip())));
        } catch (DateTimeException e) {
            return Result.none("unknown time zone " + InputBounds.quote(zone)
                    + " (expected an IANA zone such as America/New_York)");
        }
    }

    private static Result mapped(List<String> names) {
        return MAPPED.computeIfAbsent(names, RecipientTimeZones::judge);
    }

    private static Result judge(List<String> names) {
        List<ZoneId> zones = names.stream().filter(z -> !z.equals(UNKNOWN)).map(ZoneId::of).toList();
        if (zones.isEmpty()) {
            return Result.none("the number's time zone is unknown; give it in a time zone column");
        }
        Result result = Result.of(zones);
        return result.joined().length() <= InputBounds.TIME_ZONES ? result : Result.none("the number maps to "
                + zones.size() + " time zones, too many to keep; give its zone in a time zone column");
    }

    /** The zones as stored in the ledger. */
    public static List<ZoneId> parse(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of(ZoneId.of("UTC"));
        }
        return Arrays.stream(joined.split(",")).map(ZoneId::of).toList();
    }
}
