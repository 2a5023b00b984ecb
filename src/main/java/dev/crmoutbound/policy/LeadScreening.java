package dev.crmoutbound.policy;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.intake.PhoneNormalizer;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.InputBounds;
import dev.crmoutbound.policy.rules.CallingTimes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies a campaign's policy to a lead as it enters, whatever its source: the number normalised in
 * the campaign's region, consent when the campaign requires it, the recipient's time zones and the
 * first time its calling window and its jurisdiction's calling rules let it be called. (The do-not-call
 * list and duplicates are checked as the lead is written to the ledger.)
 */
public class LeadScreening {

    /**
     * What a source read for one lead. Null values are absent.
     *
     * @param consentSource the column or field consent was read from, null when the lead has none
     */
    public record Raw(Integer rowNo, String sourceKey, String phone, String timeZone, String consent,
                      String consentSource, String metadataJson) {
    }

    private final Clock clock;
    private final RecipientTimeZones timeZones = new RecipientTimeZones();
    private final Map<String, PhoneNormalizer> normalizers = new ConcurrentHashMap<>();

    public LeadScreening(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public IncomingLead screen(Campaign campaign, Raw raw) {
        PhoneNormalizer.Result phone = normalizers.computeIfAbsent(campaign.region(), PhoneNormalizer::new)
                .normalise(raw.phone());
        if (!phone.valid()) {
            return rejected(campaign, raw, null, phone.rejectReason());
        }
        if (campaign.policy().consentRequired()) {
            if (raw.consentSource() == null) {
                return rejected(campaign, raw, phone.e164(), "campaign " + campaign.id() + " requires consent, and the "
                        + "lead has no consent column or field (" + campaign.policy().consentColumn() + ")");
            }
            if (!Consent.given(raw.consent())) {
                return rejected(campaign, raw, phone.e164(), "no consent (" + InputBounds.clip(raw.consentSource(),
                        InputBounds.QUOTED) + " is " + (raw.consent() == null || raw.consent().isBlank() ? "empty"
                        : InputBounds.quote(raw.consent())) + ")");
            }
        }
        RecipientTimeZones.Result zones = timeZones.of(phone, raw.timeZone());
        if (zones.zones() == null) {
            return rejected(campaign, raw, phone.e164(), zones.rejectReason());
        }
        CallingTimes.Opening opens = CallingTimes.next(campaign.policy().window(),
                campaign.policy().rulesFor(phone.e164()), zones.zones(), clock.instant());
        if (opens.at() == null) {
            return rejected(campaign, raw, phone.e164(), neverOpen(zones.zones(), opens.rule()));
        }
        return new IncomingLead(raw.rowNo(), campaign.id(), raw.sourceKey(), phone.e164(), null, raw.metadataJson(),
                zones.joined(), opens.at(), opens.rule());
    }

    /** Why a number can never be called: {@code rule}, the last that closed it, unless it is the campaign's window. */
    public static String neverOpen(List<ZoneId> zones, String rule) {
        return "the calling window is never open in all of the number's time zones (" + zones + ")"
                + (rule == null || rule.equals(CallingTimes.CAMPAIGN_WINDOW) ? "" : " under " + rule);
    }

    /** Why a lead waits for {@code opens}: outside its campaign's window, or a jurisdiction rule's. */
    public static String waitsFor(CallingTimes.Opening opens, List<ZoneId> zones) {
        String why = opens.rule() == null || opens.rule().equals(CallingTimes.CAMPAIGN_WINDOW)
                ? "outside the calling window" : "not called now (" + opens.rule() + ")";
        return why + "; waits until it opens at " + opens.at() + " (" + zones + ")";
    }

    private static IncomingLead rejected(Campaign campaign, Raw raw, String e164, String reason) {
        return new IncomingLead(raw.rowNo(), campaign.id(), raw.sourceKey(), e164, reason, raw.metadataJson(), null,
                null);
    }
}
