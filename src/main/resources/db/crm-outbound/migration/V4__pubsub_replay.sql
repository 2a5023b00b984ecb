-- The last Pub/Sub API event processed per topic: a restart resumes right after it.
CREATE TABLE pubsub_replay (
    topic      VARCHAR(300)  PRIMARY KEY,
    replay_id  VARCHAR(200)  NOT NULL,
    updated_at TIMESTAMP     NOT NULL
);

-- Records an event asked to call, kept durably in the same order as the replay id, and taken in by
-- a separate pass; an id is removed once its record has been looked up.
CREATE TABLE record_request (
    source       VARCHAR(20)  NOT NULL,
    record_id    VARCHAR(64)  NOT NULL,
    requested_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (source, record_id)
);
