package dev.crmoutbound.dialer;

import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CallResult;
import dev.crmoutbound.ledger.CallStatus;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.LeadRow;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.LogContext;
import dev.crmoutbound.ops.PhoneMask;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes what a dial attempt's answer means into the ledger, and into the campaign's run state. */
public class DialVerdictRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(DialVerdictRecorder.class);

    private final CallLedger ledger;
    private final CampaignControl campaigns;
    private final Duration busyBackoff;
    private final Duration balancePause;

    private final FaultLog faults;

    public DialVerdictRecorder(CallLedger ledger, CampaignControl campaigns, Duration busyBackoff, Duration balancePause,
                               FaultLog faults) {
        this.faults = faults;
        this.ledger = ledger;
        this.campaigns = campaigns;
        this.busyBackoff = busyBackoff;
        this.balancePause = balancePause;
    }

    /** Returns true when a call may be in progress, so the lead's slot must be held until it ends. */
    public boolean record(LeadRow lead, DialVerdict verdict) {
        try (LogContext ids = LogContext.of(lead.campaignId(), lead.requestId(), verdict.callId())) {
            return recordIn(lead, verdict);
        }
    }

    private boolean recordIn(LeadRow lead, DialVerdict verdict) {
        String who = PhoneMask.mask(lead.phoneE164()) + " (" + lead.requestId() + ", attempt " + lead.attempts() + ")";
        Instant now = ledger.clock().instant();
        switch (verdict.kind()) {
            case "PLACED" -> {
                ledger.markPlaced(lead, verdict.callId());
                LOG.info("Call {} placed to {}", verdict.callId(), who);
                return true;
            }
            case "REJECT" -> {
                ledger.reject(lead, verdict.reason());
                LOG.warn("Lead {} rejected: {}", who, verdict.reason());
                return false;
            }
            case "FAILED" -> {
                ledger.failedToStart(lead, new CallResult(verdict.callId(), CallStatus.FAILED, 0, 0, null,
                        verdict.reason()));
                LOG.warn("Call to {} failed to start: {}", who, verdict.reason());
                return false;
            }
            case "RETRY" -> {
                Duration wait = verdict.retryAfter() != null ? verdict.retryAfter() : busyBackoff;
                ledger.retryLater(lead, now.plus(wait), verdict.reason());
                faults.report("Call requests not placed (queued again)", String.valueOf(verdict.code()),
                        verdict.reason(), null);
                LOG.debug("Call to {} not placed ({}); queued again in {} ms", who, verdict.reason(), wait.toMillis());
                return false;
            }
            case "STOP" -> {
                campaigns.stop(lead.campaignId(), verdict.reason(), c -> ledger.returnToQueue(c, lead));
                return false;
            }
            case "PAUSE" -> {
                campaigns.pause(lead.campaignId(), verdict.reason(), now.plus(balancePause),
                        c -> ledger.returnToQueue(c, lead));
                return false;
            }
            case "UNSENT" -> {
                ledger.returnUnposted(lead);
                LOG.warn("Call to {} not placed: {}; queued again if the lead is still this instance's", who,
                        verdict.reason());
                return false;
            }
            case "UNCERTAIN" -> {
                ledger.markUncertain(lead, verdict.reason());
                LOG.warn("Call to {} may or may not have been placed ({}); holding its slot until reconciled",
                        who, verdict.reason());
                return true;
            }
            default -> throw new IllegalStateException("unknown dial verdict " + verdict.kind());
        }
    }
}
