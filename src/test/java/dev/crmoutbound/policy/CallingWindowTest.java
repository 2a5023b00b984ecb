package dev.crmoutbound.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.config.ConfigurationException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallingWindowTest {

    private static final List<ZoneId> NEW_YORK = List.of(ZoneId.of("America/New_York"));
    private static final List<ZoneId> LONDON = List.of(ZoneId.of("Europe/London"));
    private static final List<ZoneId> LAGOS = List.of(ZoneId.of("Africa/Lagos"));
    // Tuesday 10 March 2026, 12:30 UTC: 08:30 in New York (EDT), 12:30 in London, 13:30 in Lagos
    private static final Instant TUESDAY_1230Z = Instant.parse("2026-03-10T12:30:00Z");

    @Test
    void theSameInstantIsInsideTheWindowInOneCityAndOutsideInOthers() {
        CallingWindow morning = CallingWindow.parse("08:00-12:00");

        assertThat(morning.isOpen(TUESDAY_1230Z, NEW_YORK)).isTrue();
        assertThat(morning.isOpen(TUESDAY_1230Z, LONDON)).isFalse();
        assertThat(morning.isOpen(TUESDAY_1230Z, LAGOS)).isFalse();
        assertThat(morning.nextOpen(TUESDAY_1230Z, NEW_YORK)).isEqualTo(TUESDAY_1230Z);
        assertThat(morning.nextOpen(TUESDAY_1230Z, LAGOS)).isEqualTo(Instant.parse("2026-03-11T07:00:00Z"));
        assertThat(morning.nextOpen(TUESDAY_1230Z, LONDON)).isEqualTo(Instant.parse("2026-03-11T08:00:00Z"));
    }

    @Test
    void theEndOfTheWindowIsClosedAndTheStartIsOpen() {
        CallingWindow window = CallingWindow.parse("08:00-21:00");
        assertThat(window.isOpen(Instant.parse("2026-03-10T21:00:00Z"), LONDON)).isFalse();
        assertThat(window.isOpen(Instant.parse("2026-03-10T20:59:59Z"), LONDON)).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-03-10T08:00:00Z"), LONDON)).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-03-10T07:59:59Z"), LONDON)).isFalse();
    }

    @Test
    void aNumberWithSeveralZonesIsCalledOnlyWhenAllOfThemAreInsideTheWindow() {
        CallingWindow window = CallingWindow.parse("08:00-21:00");
        List<ZoneId> eastAndWest = List.of(ZoneId.of("America/New_York"), ZoneId.of("America/Los_Angeles"));
        // 13:00 UTC: 09:00 in New York but 06:00 in Los Angeles
        Instant at = Instant.parse("2026-03-10T13:00:00Z");

        assertThat(window.isOpen(at, eastAndWest)).isFalse();
        assertThat(window.nextOpen(at, eastAndWest)).isEqualTo(Instant.parse("2026-03-10T15:00:00Z"));
        // 00:30 UTC next day: 20:30 in New York, 17:30 in Los Angeles; New York closes at 01:00 UTC
        assertThat(window.isOpen(Instant.parse("2026-03-11T00:30:00Z"), eastAndWest)).isTrue();
        assertThat(window.isOpen(Instant.parse("2026-03-11T01:00:00Z"), eastAndWest)).isFalse();
    }

    @Test
    void zonesWhoseWindowsNeverOverlapAreNeverOpen() {
        CallingWindow window = CallingWindow.parse("09:00-10:00");
        assertThat(window.nextOpen(TUESDAY_1230Z, List.of(ZoneId.of("Asia/Tokyo"), ZoneId.of("Europe/London"))))
                .isNull();
    }

    @Test
    void weekdaysHaveTheirOwnHoursAndADayCanBeClosed() {
        CallingWindow window = CallingWindow.parse("mon-fri 08:00-21:00; sat 10:00-18:00; sun closed");
        Instant saturday0900 = Instant.parse("2026-03-14T09:00:00Z");

        assertThat(window.isOpen(saturday0900, LONDON)).isFalse();
        assertThat(window.nextOpen(saturday0900, LONDON)).isEqualTo(Instant.parse("2026-03-14T10:00:00Z"));
        assertThat(window.nextOpen(Instant.parse("2026-03-14T18:00:00Z"), LONDON))
                .as("Saturday evening waits over the closed Sunday to Monday 08:00")
                .isEqualTo(Instant.parse("2026-03-16T08:00:00Z"));
    }

    @Test
    void aMapOfDaysOverridesTheDefaultHours() {
        Map<String, String> days = new LinkedHashMap<>();
        days.put("default", "09:00-17:00");
        days.put("sunday", "closed");
        CallingWindow window = CallingWindow.of(days);

        assertThat(window.describe()).startsWith("Mon 09:00-17:00").endsWith("Sun closed");
        assertThat(CallingWindow.of(Map.of("saturday", "closed")).describe())
                .as("without a default, the other days keep 08:00-21:00")
                .startsWith("Mon 08:00-21:00").contains("Sat closed");
    }

    @Test
    void aWindowThatIsNotHoursSaysWhatIsWrong() {
        assertThatThrownBy(() -> CallingWindow.parse("8am-9pm")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'8am-9pm' is not hours such as 08:00-21:00");
        assertThatThrownBy(() -> CallingWindow.parse("21:00-08:00")).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> CallingWindow.parse("funday 08:00-09:00")).hasMessageContaining("not a weekday");
    }
}
