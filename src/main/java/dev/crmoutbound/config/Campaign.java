package dev.crmoutbound.config;

import java.util.Map;

/**
 * What every call of a campaign is placed with, and the policy its leads are called under.
 *
 * @param inboxFolder the file-drop subfolder whose files belong to this campaign
 * @param account the KrosAI account its calls are placed on, whose concurrent-call limit they share
 */
public record Campaign(
        String id,
        String fromNumber,
        String endpointId,
        String region,
        int maxDurationSeconds,
        String webhookUrl,
        Map<String, String> metadata,
        String inboxFolder,
        CampaignPolicy policy,
        String account) {

    /** The account of the KROSAI_* settings. */
    public static final String DEFAULT_ACCOUNT = "default";
}
