-- Outcomes written back to the CRM record a lead came from (Salesforce): one row per final lead once
-- a write-back was tried. DEAD rows are the dead letters: retries ran out; they can be replayed.
CREATE TABLE crm_writeback (
    lead_id         BIGINT        PRIMARY KEY REFERENCES call_lead (id),
    state           VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP     NOT NULL,
    last_error      VARCHAR(2000),
    task_id         VARCHAR(64),
    updated_at      TIMESTAMP     NOT NULL
);

CREATE INDEX crm_writeback_due ON crm_writeback (state, next_attempt_at);

