package dev.crmoutbound.config;

import dev.crmoutbound.policy.CallingWindow;
import dev.crmoutbound.policy.rules.RuleSetFiles;

/**
 * What a campaign gets where its definition is silent: the sandbox's number and endpoint when KrosAI is
 * the embedded sandbox (null otherwise, so they are required), the webhook URL, the calling window;
 * and where the calling rules a campaign names are read from.
 */
public record CampaignDefaults(String fromNumber, String endpointId, String webhookUrl, CallingWindow window,
                               RuleSetFiles callingRules) {
}
