package dev.crmoutbound.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.policy.CallingWindow;
import dev.crmoutbound.policy.rules.RuleSetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignFilesTest {

    private static final CampaignDefaults REAL_API = new CampaignDefaults(null, null, "https://hooks.example/krosai",
            CallingWindow.parse(CallingWindow.DEFAULT_SPEC), new RuleSetFiles(Path.of("config/calling-rules")));

    @TempDir
    Path dir;

    @Test
    void theShippedExampleCampaignsLoad() {
        Map<String, String> env = Map.of("RENEWALS_FROM_NUMBER", "+14155550100", "RENEWALS_ENDPOINT_ID", "ep_1",
                "WINBACK_FROM_NUMBER", "+442079460000", "WINBACK_ENDPOINT_ID", "ep_2");
        List<Campaign> campaigns = new CampaignFiles(text -> resolve(text, env), REAL_API)
                .load(Path.of("config/sample/campaigns"));

        assertThat(campaigns).extracting(Campaign::id).containsExactly("renewals", "winback");
        Campaign renewals = campaigns.get(0);
        assertThat(renewals.fromNumber()).isEqualTo("+14155550100");
        assertThat(renewals.webhookUrl()).isEqualTo("https://hooks.example/krosai");
        assertThat(renewals.policy().consentRequired()).isTrue();
        assertThat(renewals.policy().redial().nextAttempt("no_answer", 1, Instant.EPOCH)).isPresent();
        assertThat(renewals.policy().redial().nextAttempt("completed", 1, Instant.EPOCH)).isEmpty();
        assertThat(renewals.policy().rulesFor("+14055550101")).extracting(r -> r.id() + " " + r.hoursSpec())
                .as("the shipped rules, with the campaign's own for Oklahoma").containsExactly("US-OK 09:00-20:00",
                        "US 08:00-21:00");
        assertThat(campaigns.get(1).policy().rulesFor("+14055550101")).as("winback opted into none").isEmpty();
    }

    @Test
    void aCampaignFileGivesEveryPartOfItsPolicy() throws Exception {
        Files.writeString(dir.resolve("spring.yaml"), String.join("\n",
                "id: spring",
                "from_number: \"{{env:SPRING_FROM}}\"",
                "endpoint_id: ep_spring",
                "region: gb",
                "max_duration: 120",
                "inbox_folder: spring-drop",
                "metadata:",
                "  campaign: spring-renewals",
                "calling_window:",
                "  default: \"09:00-20:00\"",
                "  sunday: closed",
                "consent:",
                "  required: true",
                "  column: opted_in",
                "time_zone_column: tz",
                "redial:",
                "  no_answer: { max_attempts: 3, min_delay: 2h }",
                "  busy: 2/30m",
                ""));
        Campaign c = new CampaignFiles(text -> resolve(text, Map.of("SPRING_FROM", "+442079460001")), REAL_API)
                .load(dir).get(0);

        assertThat(c.fromNumber()).isEqualTo("+442079460001");
        assertThat(c.region()).isEqualTo("GB");
        assertThat(c.maxDurationSeconds()).isEqualTo(120);
        assertThat(c.inboxFolder()).isEqualTo("spring-drop");
        assertThat(c.metadata()).containsEntry("campaign", "spring-renewals");
        assertThat(c.policy().window().describe()).startsWith("Mon 09:00-20:00").endsWith("Sun closed");
        assertThat(c.policy().consentColumn()).isEqualTo("opted_in");
        assertThat(c.policy().timeZoneColumn()).isEqualTo("tz");
        assertThat(c.policy().redial().rules()).containsEntry("no_answer",
                new dev.crmoutbound.policy.RedialPolicy.Rule(3, Duration.ofHours(2)))
                .containsEntry("busy", new dev.crmoutbound.policy.RedialPolicy.Rule(2, Duration.ofMinutes(30)));
    }

    @Test
    void aMistakeNamesTheFileAndWhatIsWrong() throws Exception {
        Files.writeString(dir.resolve("typo.yaml"), "id: typo\nfrom_number: \"+14155550100\"\nendpoint_id: ep\n"
                + "calling_windw: \"08:00-21:00\"\n");
        assertThatThrownBy(() -> new CampaignFiles(t -> t, REAL_API).load(dir))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("typo.yaml").hasMessageContaining("unknown key 'calling_windw'");

        Files.writeString(dir.resolve("typo.yaml"), "id: nofrom\nendpoint_id: ep\n");
        assertThatThrownBy(() -> new CampaignFiles(t -> t, REAL_API).load(dir))
                .hasMessageContaining("typo.yaml").hasMessageContaining("FROM_NUMBER is required");
    }

    @Test
    void twoCampaignsMayNotShareAnIdOrAFolder() {
        Campaign a = dev.crmoutbound.support.TestCampaigns.campaign("a");
        assertThatThrownBy(() -> new Campaigns(List.of(a, a), null)).hasMessageContaining("two campaigns have the id 'a'");
        assertThatThrownBy(() -> new Campaigns(List.of(a), "b")).hasMessageContaining("CAMPAIGNS_DEFAULT names campaign 'b'");
    }

    /** Stands in for Camel's {{env:NAME}} placeholders. */
    private static String resolve(String text, Map<String, String> env) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            text = text.replaceAll("\\{\\{env:" + e.getKey() + "(:[^}]*)?}}", e.getValue());
        }
        return text;
    }
}
