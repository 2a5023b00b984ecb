package dev.crmoutbound.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.policy.CallingWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped rule sets, holidays from their rules, jurisdictions from numbers, and when each may be called. */
class CallingRulesTest {

    // Saturday 29 May 2027, 20:30 in Chicago; Monday 31 May is Memorial Day
    private static final Instant SATURDAY_2030_CDT = Instant.parse("2027-05-30T01:30:00Z");
    private static final ZoneId EASTERN = ZoneId.of("America/New_York");
    private static final ZoneId CENTRAL = ZoneId.of("America/Chicago");
    private static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");

    @TempDir
    Path dir;

    private final RuleSet usStates = new RuleSetFiles(Path.of("no-such-folder")).load("us-states");

    @Test
    void holidaysComeFromRulesForAnyYear() {
        assertThat(new Holiday("Memorial Day", "last mon of may", false).in(2027)).isEqualTo(LocalDate.of(2027, 5, 31));
        assertThat(new Holiday("MLK", "3rd mon of jan", false).in(2028)).isEqualTo(LocalDate.of(2028, 1, 17));
        assertThat(new Holiday("Thanksgiving", "4th thu of nov", false).in(2030)).isEqualTo(LocalDate.of(2030, 11, 28));
        assertThat(new Holiday("Mardi Gras", "easter-47", false).in(2027)).isEqualTo(LocalDate.of(2027, 2, 9));
        assertThat(new Holiday("Good Friday", "easter-2", false).in(2028)).isEqualTo(LocalDate.of(2028, 4, 14));
        assertThat(new Holiday("Christmas", "12-25", true).in(2027)).as("a Saturday: the Friday before")
                .isEqualTo(LocalDate.of(2027, 12, 24));
        assertThat(new Holiday("Independence Day", "07-04", true).in(2027)).as("a Sunday: the Monday after")
                .isEqualTo(LocalDate.of(2027, 7, 5));
        assertThatThrownBy(() -> new Holiday("Someday", "5th fri of feb", false)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Someday");
        assertThatThrownBy(() -> new Holiday("Blursday", "2nd blursday of may", false))
                .hasMessageContaining("'blursday' is not a weekday");
    }

    @Test
    void anObservedHolidayClosesItsOwnDayAndTheDayItIsKeptOnEvenInTheYearBefore() {
        JurisdictionRule alabama = usStates.rules().get("US-AL");
        assertThat(alabama.holidayOn(LocalDate.of(2027, 12, 31))).as("New Year's Day 2028 is a Saturday")
                .extracting(Holiday::name).isEqualTo("New Year's Day");
        assertThat(alabama.holidayOn(LocalDate.of(2028, 1, 1))).isNotNull();
        assertThat(alabama.holidayOn(LocalDate.of(2027, 12, 24))).as("Christmas 2027, a Saturday, kept on Friday")
                .extracting(Holiday::name).isEqualTo("Christmas Day");
        assertThat(alabama.holidayOn(LocalDate.of(2027, 12, 25))).isNotNull();
        assertThat(alabama.holidayOn(LocalDate.of(2027, 12, 27))).isNull();
        Holiday declared = new Holiday("Declared once", "2027-07-05", false);
        assertThat(declared.fallsOn(LocalDate.of(2027, 7, 5))).isTrue();
        assertThat(declared.fallsOn(LocalDate.of(2028, 7, 5))).as("one day of one year").isFalse();
        assertThatThrownBy(() -> new Holiday("Fifth", "5th mon of jan", false)).as("some Januaries have four")
                .hasMessageContaining("there is no 5th");
    }

    @Test
    void aStateCapAsStrictAsTheServicesOwnIsNamedForIt() {
        dev.crmoutbound.ledger.AttemptCap serviceCap = new dev.crmoutbound.ledger.AttemptCap(3);
        assertThat(serviceCap.stricter(usStates.applying("US-FL")).rule()).isEqualTo("US-FL at most 3 calls in 24 h");
        assertThat(serviceCap.stricter(usStates.applying("US-CA"))).isSameAs(serviceCap);
        assertThat(new dev.crmoutbound.ledger.AttemptCap(2).stricter(usStates.applying("US-FL")).perDay()).isEqualTo(2);
    }

    @Test
    void aNumbersJurisdictionIsItsCountryAndForTheUsItsStateFromTheAreaCode() {
        assertThat(Jurisdictions.of("+13055550101")).isEqualTo("US-FL");
        assertThat(Jurisdictions.of("+14055550101")).isEqualTo("US-OK");
        assertThat(Jurisdictions.of("+16015550101")).isEqualTo("US-MS");
        assertThat(Jurisdictions.of("+14155550101")).as("San Francisco, CA").isEqualTo("US-CA");
        assertThat(Jurisdictions.of("+12065550101")).as("Washington State").isEqualTo("US-WA");
        assertThat(Jurisdictions.of("+18005550101")).as("toll-free: no state").isEqualTo("US");
        assertThat(Jurisdictions.of("+442079460958")).isEqualTo("GB");
    }

    @Test
    void aNumberIsCalledUnderItsStatesRuleAndTheCountrysOrUnderAllOfThemWhenItsStateIsUnknown() {
        assertThat(usStates.applying("US-FL")).extracting(JurisdictionRule::id).containsExactly("US-FL", "US");
        assertThat(usStates.applying("US-CA")).extracting(JurisdictionRule::id).containsExactly("US");
        assertThat(usStates.applying("US")).extracting(JurisdictionRule::id)
                .containsExactly("US-AL", "US-FL", "US-LA", "US-MD", "US-MS", "US-OK", "US-WA", "US");
        assertThat(usStates.rules().values()).allSatisfy(rule -> assertThat(rule.source()).isNotBlank());
        assertThat(CallingTimes.cap(usStates.applying("US-FL"))).isEqualTo(
                new CallingTimes.Cap(3, "US-FL at most 3 calls in 24 h"));
        assertThat(CallingTimes.cap(usStates.applying("US-CA"))).isNull();
    }

    @Test
    void aSaturdayEveningASundayAndAStateHolidayEachDeferTheCallToTheirOwnRule() {
        assertThat(next("US-FL", EASTERN)).isEqualTo(new CallingTimes.Opening(
                Instant.parse("2027-05-30T12:00:00Z"), "US-FL hours 08:00-20:00"));
        assertThat(next("US-OK", CENTRAL)).isEqualTo(new CallingTimes.Opening(
                Instant.parse("2027-05-30T13:00:00Z"), "US-OK hours 08:00-20:00"));
        assertThat(next("US-MS", CENTRAL)).isEqualTo(new CallingTimes.Opening(
                Instant.parse("2027-05-31T13:00:00Z"), "US-MS no calls on Sunday"));
        assertThat(next("US-AL", CENTRAL)).isEqualTo(new CallingTimes.Opening(
                Instant.parse("2027-06-01T13:00:00Z"), "US-AL holiday National Memorial Day (2027-05-31)"));
        assertThat(next("US-CA", PACIFIC)).as("18:30 in California: the TCPA's 21:00 is the limit")
                .isEqualTo(new CallingTimes.Opening(SATURDAY_2030_CDT, null));
        assertThat(next("US", EASTERN).at()).as("a state not told: the strictest")
                .isEqualTo(Instant.parse("2027-06-01T12:00:00Z"));
    }

    @Test
    void aUkNumberWhoseCallEndedFailedIsNotRedialledFor72Hours() {
        List<JurisdictionRule> gb = new RuleSetFiles(dir).load("uk").applying(Jurisdictions.of("+442079460958"));
        Instant ended = Instant.parse("2027-05-30T10:00:00Z");
        assertThat(CallingTimes.noRedialUntil(gb, List.of(new CallingTimes.Ended("failed", ended))))
                .isEqualTo(new CallingTimes.Opening(Instant.parse("2027-06-02T10:00:00Z"),
                        "GB no redial for 72 h after a failed call"));
        assertThat(CallingTimes.noRedialUntil(gb, List.of(new CallingTimes.Ended("no_answer", ended)))).isNull();
        assertThat(CallingTimes.noRedialUntil(usStates.applying("US-FL"), List.of(new CallingTimes.Ended("failed", ended))))
                .isNull();
    }

    @Test
    void aCampaignWindowAndAJurisdictionThatNeverOverlapAreNeverOpen() {
        CallingTimes.Opening never = CallingTimes.next(CallingWindow.parse("21:00-23:00"), usStates.applying("US-FL"),
                List.of(EASTERN), SATURDAY_2030_CDT);
        assertThat(never.at()).isNull();
    }

    @Test
    void aUsersFileExtendsTheShippedSetAndEveryRuleCitesItsSource() throws Exception {
        Files.writeString(dir.resolve("ours.yaml"), String.join("\n",
                "extends: us-states",
                "jurisdictions:",
                "  US-FL:",
                "    hours: \"09:00-17:00\"",
                "    calls_per_24h: 2",
                "    source: our counsel's reading of Fla. Stat. 501.616",
                "  US-TX:",
                "    closed: [sunday]",
                "    source: Tex. Bus. & Com. Code 304.151 (our reading)",
                ""));
        RuleSet ours = new RuleSetFiles(dir).load("ours, uk");
        assertThat(ours.applying("US-FL").get(0).hoursSpec()).isEqualTo("09:00-17:00");
        assertThat(CallingTimes.cap(ours.applying("US-FL")).perDay()).isEqualTo(2);
        assertThat(ours.applying("US-TX")).extracting(JurisdictionRule::id).containsExactly("US-TX", "US");
        assertThat(ours.applying("GB")).singleElement().satisfies(gb -> assertThat(gb.noRedialFor().toHours()).isEqualTo(72));

        Files.writeString(dir.resolve("us-states.yaml"), String.join("\n",
                "extends: us-states",
                "jurisdictions:",
                "  US-TX:",
                "    closed: sunday",
                "    source: a file of ours named as the shipped set, building on it",
                ""));
        RuleSet shippedAndOurs = new RuleSetFiles(dir).load("us-states");
        assertThat(shippedAndOurs.rules()).containsKeys("US-FL", "US-TX");
        assertThat(shippedAndOurs.rules().get("US-TX").closedDays()).containsExactly(java.time.DayOfWeek.SUNDAY);

        Files.writeString(dir.resolve("hours.yaml"), "jurisdictions:\n  US-FL:\n    hours: \"8-20\"\n    source: x\n");
        assertThatThrownBy(() -> new RuleSetFiles(dir).load("hours")).hasMessageContaining("hours.yaml, US-FL: hours");
        Files.writeString(dir.resolve("bad.yaml"), "jurisdictions:\n  US-FL:\n    hours: \"08:00-20:00\"\n");
        assertThatThrownBy(() -> new RuleSetFiles(dir).load("bad")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("every rule cites its source");
        assertThatThrownBy(() -> new RuleSetFiles(dir).load("nowhere")).hasMessageContaining("no calling rules named 'nowhere'");
    }

    private CallingTimes.Opening next(String jurisdiction, ZoneId zone) {
        return CallingTimes.next(CallingWindow.ALWAYS, usStates.applying(jurisdiction), List.of(zone), SATURDAY_2030_CDT);
    }
}
