package dev.crmoutbound.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RecipientTimeZonesTest {

    private final RecipientTimeZones zones = new RecipientTimeZones();

    @Test
    void theNumberSaysWhereItsOwnerProbablyIs() {
        assertThat(zones.of("+12125550101", null).zones()).containsExactly(ZoneId.of("America/New_York"));
        assertThat(zones.of("+442079460958", null).zones()).containsExactly(ZoneId.of("Europe/London"));
        assertThat(zones.of("+2348031234567", null).zones()).containsExactly(ZoneId.of("Africa/Lagos"));
    }

    @Test
    void aNumberThatSpansZonesGivesThemAll() {
        // A toll-free number could be anywhere in North America
        assertThat(zones.of("+18005550199", null).zones()).hasSizeGreaterThan(3)
                .contains(ZoneId.of("America/New_York"), ZoneId.of("America/Los_Angeles"));
    }

    @Test
    void aGivenZoneWinsAndABadOneIsAReason() {
        assertThat(zones.of("+12125550101", "Europe/Paris").zones()).containsExactly(ZoneId.of("Europe/Paris"));
        RecipientTimeZones.Result bad = zones.of("+12125550101", "Mars/Olympus");
        assertThat(bad.zones()).isNull();
        assertThat(bad.rejectReason()).contains("unknown time zone 'Mars/Olympus'");
    }

    @Test
    void theLedgerFormReadsBack() {
        RecipientTimeZones.Result result = zones.of("+18005550199", null);
        assertThat(RecipientTimeZones.parse(result.joined())).isEqualTo(result.zones());
    }
}
