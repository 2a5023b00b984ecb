package dev.crmoutbound.app;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.CampaignDefaults;
import dev.crmoutbound.config.CampaignFiles;
import dev.crmoutbound.config.CampaignLoader;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.config.Settings;
import dev.crmoutbound.policy.CallingWindow;
import dev.crmoutbound.policy.rules.RuleSetFiles;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the campaigns: the files in CAMPAIGNS_DIR, or else the single campaign of the campaign.* settings. */
final class CampaignsLoading {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignsLoading.class);

    private CampaignsLoading() {
    }

    static Campaigns load(CamelContext context, Settings s, KrosAiConnection krosai, String webhookUrl) {
        boolean sandbox = krosai.isSandbox();
        CampaignDefaults defaults = new CampaignDefaults(
                sandbox ? KrosAiConnection.SANDBOX_FROM_NUMBER : null, sandbox ? KrosAiConnection.SANDBOX_ENDPOINT : null,
                webhookUrl, sandbox ? CallingWindow.ALWAYS : CallingWindow.parse(CallingWindow.DEFAULT_SPEC),
                new RuleSetFiles(Path.of(s.text("calling-rules.dir"))));
        Path dir = Path.of(s.text("campaigns.dir"));
        List<Campaign> defined = new CampaignFiles(context::resolvePropertyPlaceholders, defaults).load(dir);
        Campaigns campaigns = defined.isEmpty() ? Campaigns.single(CampaignLoader.load(s, defaults))
                : new Campaigns(defined, s.optional("campaigns.default").orElse(null));
        s.optional("sftp.campaign").filter(id -> campaigns.find(id).isEmpty()).ifPresent(id -> {
            throw new ConfigurationException("SFTP_CAMPAIGN names campaign '" + id + "', which is not defined");
        });
        for (Campaign c : campaigns.all()) {
            boolean isDefault = c == campaigns.defaultCampaign();
            LOG.info("Campaign {}{}: from {}, endpoint {}, files from inbox/{}; calling window {}; {}; consent {}; {}",
                    c.id(), isDefault ? " (default)" : "", c.fromNumber(), c.endpointId(),
                    isDefault ? " and inbox/" + c.inboxFolder() : c.inboxFolder(),
                    c.policy().window() == CallingWindow.ALWAYS ? "always open (embedded sandbox)"
                            : c.policy().window().describe(),
                    c.policy().redial().describe(), c.policy().consentRequired()
                            ? "required (" + c.policy().consentColumn() + ")" : "not required",
                    c.policy().rules().isEmpty() ? "no calling rules per jurisdiction"
                            : "calling rules " + c.policy().rules().name() + " (" + String.join(", ",
                            c.policy().rules().rules().keySet().stream().sorted().toList()) + ")");
        }
        return campaigns;
    }
}
