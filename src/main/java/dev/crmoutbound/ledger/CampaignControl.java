package dev.crmoutbound.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Campaign-level run state: RUNNING, PAUSED (e.g. out of credit) or STOPPED (configuration error). */
public class CampaignControl {

    public enum State { RUNNING, PAUSED, STOPPED }

    public record Status(State state, String reason) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CampaignControl.class);

    private final Jdbc jdbc;
    private final Clock clock;

    public CampaignControl(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Registers the campaign, or starts it again: a restart is how an operator says the configuration is fixed. */
    public void startOnBoot(String campaignId) {
        Optional<Status> existing = status(campaignId);
        if (existing.isEmpty()) {
            jdbc.update("INSERT INTO campaign (id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    campaignId, State.RUNNING, clock.instant());
        } else if (existing.get().state() != State.RUNNING) {
            LOG.info("Campaign {} was {} ({}); running it again after restart", campaignId,
                    existing.get().state(), existing.get().reason());
            jdbc.update("UPDATE campaign SET state = ?, reason = NULL, paused_until = NULL, updated_at = ? WHERE id = ?",
                    State.RUNNING, clock.instant(), campaignId);
        }
    }

    public Optional<Status> status(String campaignId) {
        return jdbc.queryOne("SELECT state, reason FROM campaign WHERE id = ?",
                rs -> new Status(State.valueOf(rs.getString("state")), rs.getString("reason")), campaignId);
    }

    /** Stops the campaign; {@code together} (the lead that found out, put back) commits with it. */
    public void stop(String campaignId, String reason, Jdbc.Work<?> together) {
        int n = jdbc.inTransaction(c -> {
            together.run(c);
            return Jdbc.update(c, "UPDATE campaign SET state = ?, reason = ?, updated_at = ? WHERE id = ? AND state <> ?",
                    State.STOPPED, InputBounds.reason(reason), clock.instant(), campaignId, State.STOPPED);
        });
        if (n > 0) {
            LOG.error("Campaign {} STOPPED: {}. Queued leads stay queued; fix the configuration and restart.",
                    campaignId, reason);
        }
    }

    /** Pauses the campaign until {@code until}; {@code together} (the lead that found out, put back) commits with it. */
    public void pause(String campaignId, String reason, Instant until, Jdbc.Work<?> together) {
        int n = jdbc.inTransaction(c -> {
            together.run(c);
            return Jdbc.update(c, "UPDATE campaign SET state = ?, reason = ?, paused_until = ?, updated_at = ? "
                            + "WHERE id = ? AND state = ?",
                    State.PAUSED, InputBounds.reason(reason), until, clock.instant(), campaignId, State.RUNNING);
        });
        if (n > 0) {
            LOG.error("Campaign {} PAUSED until {}: {}. Queued leads stay queued.", campaignId, until, reason);
        }
    }

    /** Resumes paused campaigns whose pause has run out; they try again and pause again if still short. */
    public void resumeExpiredPauses() {
        Instant now = clock.instant();
        int n = jdbc.update("UPDATE campaign SET state = ?, updated_at = ? WHERE state = ? AND paused_until <= ?",
                State.RUNNING, now, State.PAUSED, now);
        if (n > 0) {
            LOG.info("Resumed {} paused campaign(s) to try again", n);
        }
    }
}
