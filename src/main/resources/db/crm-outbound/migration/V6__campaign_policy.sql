-- Campaign policy. The time zones a lead's calling window is judged in (comma-separated zone ids).
ALTER TABLE call_lead ADD COLUMN time_zones VARCHAR(300);

-- Numbers never to be called, in E.164, checked when a lead enters and again right before each dial.
-- source says where an entry came from: a DNC file's name (kept in step with the file), or anything
-- else for entries another system writes here directly.
CREATE TABLE dnc_number (
    phone_e164 VARCHAR(20)  PRIMARY KEY,
    source     VARCHAR(300) NOT NULL,
    added_at   TIMESTAMP    NOT NULL
);

-- Every dial attempt of every lead: the results' attempt history, and the per-number cap on attempts
-- in 24 hours across all campaigns.
CREATE TABLE call_attempt (
    lead_id     BIGINT       NOT NULL REFERENCES call_lead (id),
    attempt_no  INT          NOT NULL,
    campaign_id VARCHAR(100) NOT NULL,
    phone_e164  VARCHAR(20)  NOT NULL,
    started_at  TIMESTAMP    NOT NULL,
    call_id     VARCHAR(128),
    outcome     VARCHAR(32),
    ended_at    TIMESTAMP,
    PRIMARY KEY (lead_id, attempt_no)
);

CREATE INDEX call_attempt_phone ON call_attempt (phone_e164, started_at);
