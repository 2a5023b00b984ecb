package dev.crmoutbound.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.config.ConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PhoneNormalizerTest {

    private final PhoneNormalizer us = new PhoneNormalizer("US");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "(415) 555-0123      | +14155550123",
            "415.555.0123        | +14155550123",
            "+1 415 555 0123     | +14155550123",
            "1-415-555-0123      | +14155550123",
            "011 44 20 7946 0958 | +442079460958",
            "  4155550123        | +14155550123",
            "+44 20 7946 0958    | +442079460958",
            "+49 30 901820       | +4930901820",
    })
    void normalisesToE164(String raw, String e164) {
        PhoneNormalizer.Result r = us.normalise(raw);
        assertThat(r.e164()).isEqualTo(e164);
        assertThat(r.rejectReason()).isNull();
    }

    @Test
    void rejectsMissingAndInvalidNumbersWithAReason() {
        assertThat(us.normalise("").rejectReason()).isEqualTo("missing phone number");
        assertThat(us.normalise(null).rejectReason()).isEqualTo("missing phone number");
        assertThat(us.normalise("555-0123").rejectReason()).startsWith("invalid phone number");
        assertThat(us.normalise("call me maybe").rejectReason()).startsWith("invalid phone number");
        assertThat(us.normalise("+1 999 555 0123").e164()).isNull();
    }

    @Test
    void readsNationalNumbersInTheCampaignRegion() {
        assertThat(new PhoneNormalizer("GB").normalise("020 7946 0958").e164()).isEqualTo("+442079460958");
        assertThatThrownBy(() -> new PhoneNormalizer("XX")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CAMPAIGN_REGION");
    }
}
