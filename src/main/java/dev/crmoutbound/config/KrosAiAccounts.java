package dev.crmoutbound.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The KrosAI accounts of this deployment: {@code default} (the KROSAI_* settings) and any in ACCOUNTS_DIR. */
public final class KrosAiAccounts {

    private final Map<String, KrosAiAccount> byId = new LinkedHashMap<>();

    public KrosAiAccounts(List<KrosAiAccount> accounts) {
        for (KrosAiAccount a : accounts) {
            if (byId.put(a.id(), a) != null) {
                throw new ConfigurationException("two KrosAI accounts have the id '" + a.id() + "'");
            }
        }
    }

    public List<KrosAiAccount> all() {
        return List.copyOf(byId.values());
    }

    public KrosAiAccount get(String id) {
        KrosAiAccount account = byId.get(id == null ? Campaign.DEFAULT_ACCOUNT : id);
        if (account == null) {
            throw new ConfigurationException("KrosAI account '" + id + "' is not defined; defined: " + byId.keySet());
        }
        return account;
    }

    /** For the routes: the account's API base URL. */
    public String baseUrl(String id) {
        return get(id).baseUrl();
    }

    /** For the routes: the account's API key (a header; never logged). */
    public String apiKey(String id) {
        return get(id).apiKey();
    }

    /** Fails unless every campaign's account is defined. */
    public void checkCampaigns(Campaigns campaigns) {
        for (Campaign c : campaigns.all()) {
            if (!byId.containsKey(c.account())) {
                throw new ConfigurationException("campaign " + c.id() + " names KrosAI account '" + c.account()
                        + "', which is not defined; defined: " + byId.keySet() + " (one YAML file each in ACCOUNTS_DIR)");
            }
        }
    }
}
