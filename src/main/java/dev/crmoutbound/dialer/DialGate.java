package dev.crmoutbound.dialer;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.ledger.AttemptCap;
import dev.crmoutbound.ledger.AttemptLog;
import dev.crmoutbound.ledger.DoNotCallList;
import dev.crmoutbound.ledger.LeadRow;
import dev.crmoutbound.policy.LeadScreening;
import dev.crmoutbound.policy.RecipientTimeZones;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The policy check right before a lead is dialed: its number is not on the do-not-call list (which may
 * have changed since it was queued), its calling window is open now, and the number has had fewer than
 * the cap's attempts in the last 24 hours, across all campaigns.
 */
public class DialGate {

    /** Dial now, wait until a time, or never dial; with the reason. */
    public record Decision(Kind kind, Instant until, String reason) {
        public enum Kind { DIAL, WAIT, REFUSE }

        static final Decision DIAL = new Decision(Kind.DIAL, null, null);
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
        return listAndWindow != null ? listAndWindow : Decision.DIAL;
    }

    /** The whole decision as it would be at {@code now} (the dry run asks about times to come). */
    public Decision check(LeadRow lead, Instant now) {
        Decision listAndWindow = listAndWindow(lead, now);
        if (listAndWindow != null) {
            return listAndWindow;
        }
        List<Instant> recent = attempts.startsSince(lead.phoneE164(), now.minus(AttemptCap.DAY));
        Instant until = cap.blockedUntil(recent);
        if (until != null) {
            return new Decision(Decision.Kind.WAIT, until, cap.reason(lead.phoneE164(), recent.size(), until));
        }
        return Decision.DIAL;
    }

    private Decision listAndWindow(LeadRow lead, Instant now) {
        if (doNotCall.isListed(lead.phoneE164())) {
            return new Decision(Decision.Kind.REFUSE, null, "on the do-not-call list (listed after the lead was queued)");
        }
        Campaign campaign = campaigns.get(lead.campaignId());
        List<ZoneId> zones = RecipientTimeZones.parse(lead.timeZones());
        Instant opens = campaign.policy().window().nextOpen(now, zones);
        if (opens == null) {
            return new Decision(Decision.Kind.REFUSE, null, LeadScreening.neverOpen(zones));
        }
        if (opens.isAfter(now)) {
            return new Decision(Decision.Kind.WAIT, opens, "outside the calling window; waits until it opens at "
                    + opens + " (" + zones + ")");
        }
        return null;
    }
}
