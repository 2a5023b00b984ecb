-- Remote lead files (SFTP): what identifies the input on the remote side, and when its results went back.
ALTER TABLE lead_batch ADD COLUMN input_size BIGINT;
ALTER TABLE lead_batch ADD COLUMN input_modified BIGINT;
ALTER TABLE lead_batch ADD COLUMN delivered_at TIMESTAMP;

-- Camel's JDBC idempotent repository: remote files already taken in, so a restart or a second
-- instance never reads one twice. Layout as camel-sql's JdbcMessageIdRepository expects it.
CREATE TABLE camel_messageprocessed (
    processorName VARCHAR(255)  NOT NULL,
    messageId     VARCHAR(1000) NOT NULL,
    createdAt     TIMESTAMP,
    PRIMARY KEY (processorName, messageId)
);
