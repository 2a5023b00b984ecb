package dev.crmoutbound.ledger;

import java.time.Clock;
import java.util.Optional;

/** The replay id of the last event processed per Pub/Sub topic (base64, as camel-salesforce gives it). */
public class ReplayIds {

    private final Jdbc jdbc;
    private final Clock clock;

    public ReplayIds(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<String> last(String topic) {
        return jdbc.queryOne("SELECT replay_id FROM pubsub_replay WHERE topic = ?", rs -> rs.getString(1), topic);
    }

    public void processed(String topic, String replayId) {
        if (replayId == null) {
            return;
        }
        if (jdbc.update("UPDATE pubsub_replay SET replay_id = ?, updated_at = ? WHERE topic = ?", replayId,
                clock.instant(), topic) == 0) {
            jdbc.update("INSERT INTO pubsub_replay (topic, replay_id, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    topic, replayId, clock.instant());
        }
    }
}
