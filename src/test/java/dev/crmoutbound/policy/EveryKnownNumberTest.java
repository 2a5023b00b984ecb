package dev.crmoutbound.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.intake.PhoneNormalizer;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.InputBounds;
import dev.crmoutbound.support.TestCampaigns;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every number libphonenumber has an example of (every region, every type: fixed, mobile, toll-free,
 * premium, shared-cost, VoIP, personal, pager, UAN, voicemail; and the non-geographic ones), screened
 * as the intake screens it: the values the ledger keeps from it fit what the ledger keeps.
 */
class EveryKnownNumberTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private static List<PhoneNumber> everyExample() {
        List<PhoneNumber> numbers = new ArrayList<>();
        for (String region : UTIL.getSupportedRegions()) {
            for (PhoneNumberType type : PhoneNumberType.values()) {
                PhoneNumber example = UTIL.getExampleNumberForType(region, type);
                if (example != null) {
                    numbers.add(example);
                }
            }
        }
        UTIL.getSupportedGlobalNetworkCallingCodes().forEach(code -> numbers.add(UTIL.getExampleNumberForNonGeoEntity(code)));
        return numbers;
    }

    @Test
    void whatTheLedgerKeepsOfEveryKnownNumberFitsIt() {
        LeadScreening screening = new LeadScreening(Clock.systemUTC());
        Campaign campaign = TestCampaigns.campaign("c1");
        List<PhoneNumber> numbers = everyExample();
        int widest = 0;
        int queued = 0;
        for (PhoneNumber number : numbers) {
            String e164 = UTIL.format(number, PhoneNumberFormat.E164);

            IncomingLead lead = screening.screen(campaign, new LeadScreening.Raw(1, "R1", e164, null, null, null, null));

            assertThat(lead.phoneE164()).as(e164).isEqualTo(e164).hasSizeLessThanOrEqualTo(16);
            if (lead.rejectReason() == null) {
                queued++;
                assertThat(lead.timeZones()).as(e164).isNotNull().hasSizeLessThanOrEqualTo(InputBounds.TIME_ZONES);
                assertThat(RecipientTimeZones.parse(lead.timeZones())).isNotEmpty();
                widest = Math.max(widest, lead.timeZones().length());
            }
        }
        assertThat(numbers).hasSizeGreaterThan(1300);
        assertThat(queued).isGreaterThan(1300);
        assertThat(widest).as("the widest zone list, a US toll-free number's").isGreaterThan(300);
    }

    /** The screening types a number once and maps its zones from that: the same answers as libphonenumber's own calls. */
    @Test
    void theScreeningJudgesEveryKnownNumberAsLibphonenumberDoes() {
        RecipientTimeZones zones = new RecipientTimeZones();
        for (PhoneNumber number : everyExample()) {
            String e164 = UTIL.format(number, PhoneNumberFormat.E164);
            for (String region : List.of("US", "GB")) {
                PhoneNormalizer.Result normalised = new PhoneNormalizer(region).normalise(e164);

                assertThat(normalised.valid()).as(e164).isEqualTo(UTIL.isValidNumber(number));
                if (normalised.valid()) {
                    assertThat(zones.of(normalised, null)).as(e164).isEqualTo(zones.of(e164, null));
                }
            }
        }
    }
}
