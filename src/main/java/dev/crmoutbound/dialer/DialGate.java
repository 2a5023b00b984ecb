package dev.crmoutbound.dialer;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.ledger.AttemptCap;
import dev.crmoutbound.ledger.AttemptLog;
import dev.crmoutbound.ledger.DoNotCallList;
import dev.crmoutbound.ledger.LeadRow;
import dev.crmoutbound.policy.LeadScreening;
import dev.crmoutbound.policy.RecipientTimeZones;
import dev.crmoutbound.policy.rules.CallingTimes;
import dev.crmoutbound.policy.rules.JurisdictionRule;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The policy check right before a lead is dialed: its number is not on the do-not-call list (which may
 * have changed since it was queued), its calling window and its jurisdiction's calling rules allow a call
 * now, and the number has had fewer than the cap's attempts in the last 24 hours, across all campaigns
 * (or its jurisdiction's, when stricter).
 */
public class DialGate {

    /**
     * Dial now, wait until a time, or never dial; with the reason, and the rule that decided: the one
     * that deferred or refused it, else the jurisdiction rules it is called under (null for none).
     */
    public record Decision(Kind kind, Instant until, String reason, String rule) {
        public enum Kind { DIAL, WAIT, REFUSE }

        static Decision dial(List<JurisdictionRule> rules) {
            return new Decision(Kind.DIAL, null, null, rules.isEmpty() ? null
                    : String.join(" + ", rules.stream().map(JurisdictionRule::id).toList()));
        }
    }

    private final Campaigns campaigns;
    private final DoNotCallList doNotCall;
    private final AttemptLog attempts;
    private final AttemptCap cap;
    private final Clock clock;

    public DialGate(Campaigns campaigns, DoNotCallList doNotCall, AttemptLog attempts, AttemptCap cap,
                    Clock clock) {
        this.campaigns = campaigns;
        this.doNotCall = doNotCall;
        this.attempts = attempts;
        this.cap = cap;
        this.clock = clock;
    }

    /**
     * The pump's check: the do-not-call list and the calling window. The attempt cap is left to the claim,
     * which counts the number's attempts under a lock on the number (see the ledger's NumberGuard).
     */
    public Decision checkBeforeClaim(LeadRow lead) {
        Instant now = clock.instant();
        Decision listAndWindow = listAndWindow(lead, now);
        return listAndWindow != null ? listAndWindow : Decision.dial(rulesFor(lead));
    }

    /** The whole decision as it would be at {@code now} (the dry run asks about times to come). */
    public Decision check(LeadRow lead, Instant now) {
        Decision listAndWindow = listAndWindow(lead, now);
        if (listAndWindow != null) {
            return listAndWindow;
        }
        List<JurisdictionRule> rules = rulesFor(lead);
        AttemptCap.Wait wait = attempts.waitFor(cap, rules, lead.phoneE164(), now);
        return wait != null ? new Decision(Decision.Kind.WAIT, wait.until(), wait.reason(), wait.rule())
                : Decision.dial(rules);
    }

    private List<JurisdictionRule> rulesFor(LeadRow lead) {
        return campaigns.get(lead.campaignId()).policy().rulesFor(lead.phoneE164());
    }

    private Decision listAndWindow(LeadRow lead, Instant now) {
        if (doNotCall.isListed(lead.phoneE164())) {
            return new Decision(Decision.Kind.REFUSE, null, "on the do-not-call list (listed after the lead was queued)",
                    null);
        }
        Campaign campaign = campaigns.get(lead.campaignId());
        List<ZoneId> zones = RecipientTimeZones.parse(lead.timeZones());
        CallingTimes.Opening opens = CallingTimes.next(campaign.policy().window(), rulesFor(lead), zones, now);
        if (opens.at() == null) {
            return new Decision(Decision.Kind.REFUSE, null, LeadScreening.neverOpen(zones, opens.rule()), opens.rule());
        }
        if (opens.at().isAfter(now)) {
            return new Decision(Decision.Kind.WAIT, opens.at(), LeadScreening.waitsFor(opens, zones), opens.rule());
        }
        return null;
    }
}
