package dev.crmoutbound.support;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.CampaignPolicy;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.policy.CallingWindow;
import dev.crmoutbound.policy.RedialPolicy;
import java.util.Map;

/** Campaigns for tests that build the ledger or the intake without the application. */
public final class TestCampaigns {

    private TestCampaigns() {
    }

    /** Calls any time, never redials, needs no consent. */
    public static Campaign campaign(String id) {
        return campaign(id, RedialPolicy.NEVER);
    }

    public static Campaign campaign(String id, RedialPolicy redial) {
        return new Campaign(id, "+14155550100", "ep", "US", 60, null, Map.of(), id,
                new CampaignPolicy(CallingWindow.ALWAYS, redial, false, CampaignPolicy.DEFAULT_CONSENT_COLUMN,
                        CampaignPolicy.DEFAULT_TIME_ZONE_COLUMN), Campaign.DEFAULT_ACCOUNT);
    }

    public static Campaigns single(String id) {
        return Campaigns.single(campaign(id));
    }
}
