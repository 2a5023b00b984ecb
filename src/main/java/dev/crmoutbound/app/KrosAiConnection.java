package dev.crmoutbound.app;

import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.config.Settings;
import dev.crmoutbound.sandbox.KrosAiSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where calls go: the real KrosAI API when {@code KROSAI_BASE_URL} is set, else an embedded sandbox
 * started here with a fresh key and webhook secret, so a first run needs no account.
 */
public record KrosAiConnection(String baseUrl, String apiKey, String webhookSecret, KrosAiSandbox sandbox) {

    private static final Logger LOG = LoggerFactory.getLogger(KrosAiConnection.class);

    public static final String SANDBOX_FROM_NUMBER = "+14155550100";
    public static final String SANDBOX_ENDPOINT = "ep_sandbox";

    public static KrosAiConnection open(Settings s, int planLimit) {
        String baseUrl = s.optional("krosai.base-url").orElse(null);
        if (baseUrl != null) {
            String key = s.optional("krosai.api-key").orElseThrow(
                    () -> new ConfigurationException("KROSAI_API_KEY is required when KROSAI_BASE_URL is set"));
            String secret = s.optional("krosai.webhook-secret").orElseThrow(() -> new ConfigurationException(
                    "KROSAI_WEBHOOK_SECRET is required when KROSAI_BASE_URL is set: webhooks are verified with it"));
            return new KrosAiConnection(baseUrl.replaceAll("/+$", ""), key, secret, null);
        }
        SandboxOptions options = SandboxOptions.defaults();
        options.apiKey = "kros_test_" + random();
        options.webhookSecret = "whsec_" + random();
        options.concurrentLimit = planLimit;
        options.timeScale = s.decimal("sandbox.time-scale");
        options.seed = s.integer("sandbox.seed");
        s.optional("sandbox.fixed-call-seconds").ifPresent(v -> options.fixedCallSeconds = Double.valueOf(v));
        options.ownedNumbers = Set.of(s.text("campaign.from-number", SANDBOX_FROM_NUMBER));
        options.endpoints = Set.of(s.text("campaign.endpoint-id", SANDBOX_ENDPOINT));
        KrosAiSandbox sandbox = KrosAiSandbox.start(options, 0);
        LOG.info("KROSAI_BASE_URL is not set: calling the embedded KrosAI sandbox at {} (plan limit {}, time scale {})",
                sandbox.baseUrl(), planLimit, options.timeScale);
        return new KrosAiConnection(sandbox.baseUrl(), options.apiKey, options.webhookSecret, sandbox);
    }

    public boolean isSandbox() {
        return sandbox != null;
    }

    private static String random() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
