package dev.crmoutbound.config;

import dev.crmoutbound.policy.CallingWindow;
import dev.crmoutbound.policy.RedialPolicy;

/**
 * When and whether a campaign's leads may be called.
 *
 * @param window          the hours it may call, in the recipient's local time
 * @param redial          when a lead is called again, by outcome
 * @param consentRequired whether a lead needs a truthy consent value to be called
 * @param consentColumn   the CSV column (or Salesforce field) holding consent
 * @param timeZoneColumn  the CSV column (or Salesforce field) that overrides the number's time zone
 */
public record CampaignPolicy(CallingWindow window, RedialPolicy redial, boolean consentRequired,
                             String consentColumn, String timeZoneColumn) {

    public static final String DEFAULT_CONSENT_COLUMN = "consent";
    public static final String DEFAULT_TIME_ZONE_COLUMN = "time_zone";
}
