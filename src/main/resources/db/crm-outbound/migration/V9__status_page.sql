-- The status page counts calls started per minute over the last hour.
CREATE INDEX call_attempt_started ON call_attempt (started_at);
