package dev.crmoutbound.app;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.KrosAiAccount;
import dev.crmoutbound.config.KrosAiAccountFiles;
import dev.crmoutbound.config.KrosAiAccounts;
import dev.crmoutbound.config.PlanLimit;
import dev.crmoutbound.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KrosAI and what is called on it: the API (or the embedded sandbox when KROSAI_BASE_URL is not set),
 * the plan limit, the accounts (the default one and those in ACCOUNTS_DIR) and the campaigns, each
 * checked against its account.
 */
public class KrosAiSetup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(KrosAiSetup.class);

    @PropertyInject("webhook.public-url")
    private String webhookPublicUrl;
    @PropertyInject("camel.server.port")
    private int serverPort;
    @PropertyInject("accounts.dir")
    private String accountsDir;

    @Override
    public void configure(CamelContext context) {
        Settings s = new Settings(context.getPropertiesComponent()::resolveProperty);
        Beans beans = new Beans(context);
        int limit = PlanLimit.resolve(s);
        KrosAiConnection krosai = KrosAiConnection.open(s, limit);
        context.getPropertiesComponent().addOverrideProperty("krosai.base-url", krosai.baseUrl());
        context.getPropertiesComponent().addOverrideProperty("krosai.api-key", krosai.apiKey());
        String webhookUrl = webhookPublicUrl == null || webhookPublicUrl.isBlank() ? null : webhookPublicUrl;
        if (webhookUrl == null && krosai.isSandbox()) {
            webhookUrl = "http://127.0.0.1:" + serverPort + ServiceSetup.WEBHOOK_PATH;
        } else if (webhookUrl == null) {
            LOG.warn("WEBHOOK_PUBLIC_URL is not set: calls carry no webhook_url, so results arrive only if the "
                    + "KrosAI account's webhook URL points at this service's /webhooks/krosai");
        }
        Campaigns campaigns = CampaignsLoading.load(context, s, krosai, webhookUrl);
        KrosAiAccounts accounts = accounts(context, krosai, limit);
        accounts.checkCampaigns(campaigns);
        beans.bind("krosAiConnection", krosai);
        beans.bind("krosAiAccounts", accounts);
        beans.bind("campaigns", campaigns);
    }

    /** The default account (the KROSAI_* settings, or the embedded sandbox) and those in ACCOUNTS_DIR. */
    private KrosAiAccounts accounts(CamelContext context, KrosAiConnection krosai, int limit) {
        List<KrosAiAccount> all = new ArrayList<>();
        all.add(new KrosAiAccount(Campaign.DEFAULT_ACCOUNT, krosai.baseUrl(), krosai.apiKey(), krosai.webhookSecret(), limit));
        all.addAll(new KrosAiAccountFiles(context::resolvePropertyPlaceholders).load(Path.of(accountsDir)));
        all.forEach(a -> LOG.info("KrosAI account {}: {}, at most {} concurrent calls", a.id(), a.baseUrl(), a.limit()));
        return new KrosAiAccounts(all);
    }
}
