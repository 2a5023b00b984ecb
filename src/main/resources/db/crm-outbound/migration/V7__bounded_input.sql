-- A number can map to many time zones (a US toll-free number to 42, 727 characters): room for every
-- number libphonenumber knows, with the bound enforced in code (InputBounds.TIME_ZONES).
ALTER TABLE call_lead ALTER COLUMN time_zones SET DATA TYPE VARCHAR(4000);

-- How many times the intake of a file has started, across restarts and instances: a file whose intake
-- keeps failing (or keeps taking the process down) goes to the error folder after a bounded number.
ALTER TABLE lead_batch ADD COLUMN intake_attempts INT NOT NULL DEFAULT 0;
