package dev.crmoutbound.intake;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.crmoutbound.ledger.InputBounds;

/** Turns a number as people write it into E.164, or says why it cannot. */
public class PhoneNormalizer {

    /** Either an E.164 number or the reason there is none. */
    public record Result(String e164, String rejectReason) {
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
            PhoneNumber number = UTIL.parse(raw.strip(), defaultRegion);
            if (!UTIL.isValidNumber(number)) {
                return new Result(null, "invalid phone number " + InputBounds.quote(raw) + " for region "
                        + (raw.strip().startsWith("+") ? UTIL.getRegionCodeForNumber(number) : defaultRegion));
            }
            return new Result(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), null);
        } catch (NumberParseException e) {
            return new Result(null, "invalid phone number " + InputBounds.quote(raw) + ": " + e.getMessage());
        }
    }
}
