package dev.crmoutbound.app;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.CampaignPolicy;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.policy.CallingWindow;
import dev.crmoutbound.policy.RedialPolicy;
import dev.crmoutbound.policy.rules.JurisdictionRule;
import dev.crmoutbound.policy.rules.RuleSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Leads must be kept as long as a campaign's calling rules look back at a number's earlier calls. */
class LeadRetentionSettingTest {

    private static Campaigns underRule(Duration noRedialFor) {
        JurisdictionRule rule = new JurisdictionRule("GB", null, null, Set.of(), List.of(), null, Set.of("failed"),
                noRedialFor, "our counsel's reading");
        CampaignPolicy policy = new CampaignPolicy(CallingWindow.ALWAYS, RedialPolicy.NEVER, false,
                CampaignPolicy.DEFAULT_CONSENT_COLUMN, CampaignPolicy.DEFAULT_TIME_ZONE_COLUMN,
                new RuleSet("ours", Map.of("GB", rule)));
        return Campaigns.single(new Campaign("uk-renewals", "+442079460000", "ep", "GB", 60, null, Map.of(),
                "uk-renewals", policy, Campaign.DEFAULT_ACCOUNT));
    }

    @Test
    void aNoRedialRuleLongerThanTheLeadsAreKeptIsRefusedAtStartNamingTheRule() {
        assertThatThrownBy(() -> PrivacySetup.leadRetentionOutlastsTheCallingRules(7, underRule(Duration.ofDays(10))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("RETENTION_LEAD_DAYS (7) is shorter than the 240 h that calling rule GB of "
                        + "campaign uk-renewals (ours) forbids a redial for")
                .hasMessageEndingWith("Set RETENTION_LEAD_DAYS to at least 10.");
    }

    @Test
    void leadsKeptAsLongAsTheRuleOrForeverAreAccepted() {
        assertThatCode(() -> PrivacySetup.leadRetentionOutlastsTheCallingRules(3, underRule(Duration.ofHours(72))))
                .doesNotThrowAnyException();
        assertThatCode(() -> PrivacySetup.leadRetentionOutlastsTheCallingRules(0, underRule(Duration.ofDays(400))))
                .doesNotThrowAnyException();
    }
}
