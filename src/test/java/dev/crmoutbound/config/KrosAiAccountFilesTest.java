package dev.crmoutbound.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KrosAiAccountFilesTest {

    @TempDir
    Path dir;

    private final KrosAiAccountFiles files = new KrosAiAccountFiles(text -> text
            .replace("{{env:KROSAI_EU_API_KEY}}", "kros_live_secret")
            .replace("{{env:KROSAI_EU_WEBHOOK_SECRET}}", "whsec_eu")
            .replaceAll("\\{\\{env:KROSAI_EU_BASE_URL:([^}]*)}}", "$1"));

    @Test
    void theShippedExampleAccountLoadsWithItsSecretsFromTheEnvironment() {
        List<KrosAiAccount> accounts = files.load(Path.of("config/sample/accounts"));

        assertThat(accounts).singleElement().satisfies(a -> {
            assertThat(a.id()).isEqualTo("eu");
            assertThat(a.baseUrl()).isEqualTo("https://api.krosai.com/v1");
            assertThat(a.apiKey()).isEqualTo("kros_live_secret");
            assertThat(a.webhookSecret()).isEqualTo("whsec_eu");
            assertThat(a.limit()).as("pro").isEqualTo(10);
            assertThat(a.toString()).doesNotContain("kros_live_secret", "whsec_eu");
        });
    }

    @Test
    void anAccountFileThatCannotWorkIsRefusedWithWhatIsWrong() throws Exception {
        Files.writeString(dir.resolve("us.yaml"), "base_url: https://api.krosai.com/v1\napi_key: k\nconcurrent_limit: 25\n");
        assertThatThrownBy(() -> files.load(dir)).isInstanceOf(ConfigurationException.class)
                .hasMessage("account file us.yaml: webhook_secret is required");

        Files.writeString(dir.resolve("us.yaml"), "base_url: x\napi_key: k\nwebhook_secret: s\nconcurrent_limit: lots\n");
        assertThatThrownBy(() -> files.load(dir)).hasMessageContaining("concurrent_limit must be a whole number, was 'lots'");

        Files.writeString(dir.resolve("us.yaml"), "base_url: x\napi_key: k\nwebhook_secret: s\nplan: gold\n");
        assertThatThrownBy(() -> files.load(dir)).hasMessageContaining("plan must be free, pro, business or enterprise");

        Files.writeString(dir.resolve("us.yaml"), "id: default\nbase_url: x\napi_key: k\nwebhook_secret: s\n");
        assertThatThrownBy(() -> files.load(dir)).hasMessageContaining("not 'default'");

        Files.writeString(dir.resolve("us.yaml"), "base_url: x\napi_key: k\nwebhook_secret: s\nconcurrent_limit: 25\n");
        assertThat(files.load(dir)).singleElement().satisfies(a -> assertThat(a.limit()).isEqualTo(25));
    }

    @Test
    void aCampaignNamingAnAccountThatIsNotDefinedIsRefused() {
        KrosAiAccounts accounts = new KrosAiAccounts(List.of(new KrosAiAccount("default", "u", "k", "s", 1)));
        Campaign campaign = dev.crmoutbound.support.TestCampaigns.campaign("eu-leads");
        Campaign onEu = new Campaign(campaign.id(), campaign.fromNumber(), campaign.endpointId(), campaign.region(),
                campaign.maxDurationSeconds(), campaign.webhookUrl(), campaign.metadata(), campaign.inboxFolder(),
                campaign.policy(), "eu");

        assertThatThrownBy(() -> accounts.checkCampaigns(Campaigns.single(onEu))).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("campaign eu-leads names KrosAI account 'eu', which is not defined");
    }
}
