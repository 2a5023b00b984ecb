package dev.crmoutbound.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The campaigns this deployment runs. The default one takes files dropped straight into the inbox, the
 * SFTP drop unless it names another, and Salesforce records that name none.
 */
public final class Campaigns {

    private final Map<String, Campaign> byId = new LinkedHashMap<>();
    private final Campaign defaultCampaign;

    public Campaigns(List<Campaign> campaigns, String defaultId) {
        if (campaigns.isEmpty()) {
            throw new ConfigurationException("no campaign is defined");
        }
        Map<String, String> folders = new LinkedHashMap<>();
        for (Campaign c : campaigns) {
            if (byId.put(c.id(), c) != null) {
                throw new ConfigurationException("two campaigns have the id '" + c.id() + "'");
            }
            String other = folders.put(c.inboxFolder(), c.id());
            if (other != null) {
                throw new ConfigurationException("campaigns " + other + " and " + c.id() + " both use inbox folder '"
                        + c.inboxFolder() + "'");
            }
        }
        this.defaultCampaign = defaultId == null ? campaigns.get(0) : find(defaultId).orElseThrow(() ->
                new ConfigurationException("CAMPAIGNS_DEFAULT names campaign '" + defaultId + "', which is not defined; "
                        + "defined: " + byId.keySet()));
    }

    public static Campaigns single(Campaign campaign) {
        return new Campaigns(List.of(campaign), null);
    }

    public List<Campaign> all() {
        return List.copyOf(byId.values());
    }

    public Campaign defaultCampaign() {
        return defaultCampaign;
    }

    public Optional<Campaign> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id.strip()));
    }

    public Campaign get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown campaign '" + id + "'"));
    }

    /** The campaign of an inbox subfolder; the default one for the inbox itself (null or empty folder). */
    public Optional<Campaign> forFolder(String folder) {
        if (folder == null || folder.isBlank() || folder.equals(".")) {
            return Optional.of(defaultCampaign);
        }
        return byId.values().stream().filter(c -> c.inboxFolder().equals(folder)).findFirst();
    }

    /** The longest any campaign's call may last: how long a call may stay silent before it is reconciled. */
    public int longestMaxDurationSeconds() {
        return byId.values().stream().mapToInt(Campaign::maxDurationSeconds).max().orElse(300);
    }
}
