package dev.crmoutbound.intake;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.crmoutbound.ledger.InputBounds;

/** Turns a number as people write it into E.164, or says why it cannot. */
public class PhoneNormalizer {

    /**
     * Either an E.164 number (with the number as parsed and its type, for what else is looked up from
     * it) or the reason there is none.
     */
    public record Result(String e164, String rejectReason, PhoneNumber parsed, PhoneNumberType type) {
        Result(String e164, String rejectReason) {
            this(e164, rejectReason, null, null);
        }

        public boolean valid() {
            return e164 != null;
        }
    }

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    public PhoneNormalizer(String defaultRegion) {
        if (!UTIL.getSupportedRegions().contains(defaultRegion)) {
            throw new dev.crmoutbound.config.ConfigurationException("CAMPAIGN_REGION must be a two-letter region code such as US or GB, was '"
                    + defaultRegion + "'");
        }
        this.defaultRegion = defaultRegion;
    }

    public Result normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            return new Result(null, "missing phone number");
        }
        try {
            String text = raw.strip();
            PhoneNumber number = PlainNumbers.parse(text, defaultRegion).orElse(null);
            if (number == null) {
                number = UTIL.parse(text, defaultRegion);
            }
            // the type is what isValidNumber computes (UNKNOWN: invalid); keeping it spares the time
            // zones lookup computing it again, a third of the cost of screening a row
            PhoneNumberType type = UTIL.getNumberType(number);
            if (type == PhoneNumberType.UNKNOWN) {
                return new Result(null, "invalid phone number " + InputBounds.quote(raw) + " for region "
                        + (raw.strip().startsWith("+") ? UTIL.getRegionCodeForNumber(number) : defaultRegion));
            }
            return new Result(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), null, number, type);
        } catch (NumberParseException e) {
            return new Result(null, "invalid phone number " + InputBounds.quote(raw) + ": " + e.getMessage());
        }
    }
}
