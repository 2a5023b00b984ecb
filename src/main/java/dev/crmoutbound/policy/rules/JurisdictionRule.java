package dev.crmoutbound.policy.rules;

import dev.crmoutbound.policy.CallingWindow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * What one jurisdiction allows, as a rules file states it: the hours a call may be placed (recipient's
 * local time), weekdays with no calls, holidays with no calls, how many calls a number may get in 24 h,
 * and how long a number whose call ended in one of some outcomes must not be called again. Each rule
 * cites where it comes from. Absent parts allow everything.
 *
 * @param id           {@code US-FL}, {@code US}, {@code GB}: a country, or a country and a subdivision
 * @param hoursSpec    {@code 08:00-20:00} as written, or null
 * @param callsPer24h  null when this jurisdiction sets no cap of its own
 */
public record JurisdictionRule(String id, String hoursSpec, CallingWindow hours, Set<DayOfWeek> closedDays,
                               List<Holiday> holidays, Integer callsPer24h, Set<String> noRedialOutcomes,
                               Duration noRedialFor, String source) {

    /** The holiday on {@code date}, or null. */
    public Holiday holidayOn(LocalDate date) {
        for (Holiday holiday : holidays) {
            if (holiday.fallsOn(date)) {
                return holiday;
            }
        }
        return null;
    }

    /** The country part of the id: {@code US} for {@code US-FL}. */
    public String country() {
        int dash = id.indexOf('-');
        return dash < 0 ? id : id.substring(0, dash);
    }

    public boolean isCountry() {
        return id.indexOf('-') < 0;
    }
}
