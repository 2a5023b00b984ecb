-- Many instances, one plan: the ledger is the semaphore. A lead in DIALING, ACTIVE or UNCERTAIN holds
-- one of its KrosAI account's call slots; a claim locks the account's row, counts them and takes one in
-- the same transaction. Nothing that matters lives in one JVM.
CREATE TABLE krosai_account (
    id            VARCHAR(100) PRIMARY KEY,
    slot_limit    INT          NOT NULL,
    -- calls on the account this service did not place (seen through the API): they use slots too
    outside_calls INT          NOT NULL DEFAULT 0,
    updated_at    TIMESTAMP    NOT NULL
);

-- Each running instance, and when it last said it was alive. An instance whose heartbeat is stale is
-- dead: its dials in flight become UNCERTAIN and are reconciled through the API.
CREATE TABLE service_instance (
    id           VARCHAR(200) PRIMARY KEY,
    incarnation  VARCHAR(64)  NOT NULL,
    started_at   TIMESTAMP    NOT NULL,
    heartbeat_at TIMESTAMP    NOT NULL
);

ALTER TABLE call_lead ADD COLUMN account_id VARCHAR(100);
ALTER TABLE call_lead ADD COLUMN dialed_by VARCHAR(200);
CREATE INDEX call_lead_account_slots ON call_lead (account_id, state);

-- calls in progress when this version is installed belong to the default account
UPDATE call_lead SET account_id = 'default' WHERE account_id IS NULL AND state IN ('DIALING', 'ACTIVE', 'UNCERTAIN');

-- The instance that took a file in writes its results, into its own outbox: with a DATA_DIR per
-- instance, only it can; with a shared one, only one should.
ALTER TABLE lead_batch ADD COLUMN owner VARCHAR(200);

-- Which instance is reading which dropped file (instances sharing a DATA_DIR read each file once): a
-- claim is taken by one insert, and taken over only from an instance that stopped beating its heart.
CREATE TABLE lead_file_claim (
    file_key   VARCHAR(1000) PRIMARY KEY,
    owner      VARCHAR(200)  NOT NULL,
    claimed_at TIMESTAMP     NOT NULL
);
