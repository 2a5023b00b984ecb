package dev.crmoutbound.config;

import dev.crmoutbound.policy.CallingWindow;
import dev.crmoutbound.policy.RedialPolicy;
import dev.crmoutbound.policy.rules.JurisdictionRule;
import dev.crmoutbound.policy.rules.Jurisdictions;
import dev.crmoutbound.policy.rules.RuleSet;
import java.util.List;

/**
 * When and whether a campaign's leads may be called.
 *
 * @param window          the hours it may call, in the recipient's local time
 * @param redial          when a lead is called again, by outcome
 * @param consentRequired whether a lead needs a truthy consent value to be called
 * @param consentColumn   the CSV column (or Salesforce field) holding consent
 * @param timeZoneColumn  the CSV column (or Salesforce field) that overrides the number's time zone
 * @param rules           the calling rules per jurisdiction it opted into ({@code compliance:})
 */
public record CampaignPolicy(CallingWindow window, RedialPolicy redial, boolean consentRequired,
                             String consentColumn, String timeZoneColumn, RuleSet rules) {

    /** A policy under no jurisdiction's rules (only the window). */
    public CampaignPolicy(CallingWindow window, RedialPolicy redial, boolean consentRequired, String consentColumn,
                          String timeZoneColumn) {
        this(window, redial, consentRequired, consentColumn, timeZoneColumn, RuleSet.NONE);
    }

    /** The jurisdiction rules a number is called under in this campaign (none when it opted into none). */
    public List<JurisdictionRule> rulesFor(String e164) {
        return rules.isEmpty() ? List.of() : rules.applying(Jurisdictions.of(e164));
    }

    public static final String DEFAULT_CONSENT_COLUMN = "consent";
    public static final String DEFAULT_TIME_ZONE_COLUMN = "time_zone";
}
