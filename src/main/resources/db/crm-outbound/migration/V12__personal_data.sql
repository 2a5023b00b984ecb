-- Personal data (GDPR). A lead past its retention keeps no number, only a keyed hash of it (the key is
-- not in the ledger unless none was configured); an erased person's number is on the do-not-call list
-- by that hash alone. Numbers as de-duplication keys are kept hashed from now on (re-keyed at start).
ALTER TABLE call_lead ADD COLUMN phone_hash VARCHAR(64);
ALTER TABLE call_lead ADD COLUMN reduced_at TIMESTAMP;
ALTER TABLE call_attempt ALTER COLUMN phone_e164 DROP NOT NULL;

CREATE TABLE dnc_hash (
    phone_hash VARCHAR(64)  PRIMARY KEY,
    source     VARCHAR(300) NOT NULL,
    added_at   TIMESTAMP    NOT NULL
);

-- the key numbers are hashed with when PRIVACY_HASH_KEY is not set
CREATE TABLE privacy_key (
    id         INT          PRIMARY KEY,
    key_value  VARCHAR(100) NOT NULL,
    created_at TIMESTAMP    NOT NULL
);

-- the retention job deletes webhook event records by age
CREATE INDEX webhook_event_received ON webhook_event (received_at);
