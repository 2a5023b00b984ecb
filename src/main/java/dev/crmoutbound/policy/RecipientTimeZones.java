package dev.crmoutbound.policy;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.crmoutbound.ledger.InputBounds;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/**
 * Where a recipient's clock is: the time zones libphonenumber maps the number to, or the zone a lead
 * gives explicitly (which wins). Kept in the ledger as a comma-separated list of zone ids.
 */
public final class RecipientTimeZones {

    /** Either the zones or why there are none. */
    public record Result(List<ZoneId> zones, String rejectReason) {
        public String joined() {
            return zones == null ? null : String.join(",", zones.stream().map(ZoneId::getId).toList());
        }
    }

    private static final PhoneNumberToTimeZonesMapper MAPPER = PhoneNumberToTimeZonesMapper.getInstance();
    private static final String UNKNOWN = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();

    public Result of(String e164, String override) {
        if (override != null && !override.isBlank()) {
            try {
                return new Result(List.of(ZoneId.of(override.strip())), null);
            } catch (DateTimeException e) {
                return new Result(null, "unknown time zone " + InputBounds.quote(override)
                        + " (expected an IANA zone such as America/New_York)");
            }
        }
        try {
            List<ZoneId> zones = MAPPER.getTimeZonesForNumber(PhoneNumberUtil.getInstance().parse(e164, null))
                    .stream().filter(z -> !z.equals(UNKNOWN)).map(ZoneId::of).toList();
            if (zones.isEmpty()) {
                return new Result(null, "the number's time zone is unknown; give it in a time zone column");
            }
            Result result = new Result(zones, null);
            return result.joined().length() <= InputBounds.TIME_ZONES ? result : new Result(null, "the number maps to "
                    + zones.size() + " time zones, too many to keep; give its zone in a time zone column");
        } catch (NumberParseException e) {
            return new Result(null, "the number's time zone is unknown: " + e.getMessage());
        }
    }

    /** The zones as stored in the ledger. */
    public static List<ZoneId> parse(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of(ZoneId.of("UTC"));
        }
        return Arrays.stream(joined.split(",")).map(ZoneId::of).toList();
    }
}
