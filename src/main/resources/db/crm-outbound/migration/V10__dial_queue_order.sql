-- The dialer reads a campaign's waiting leads in this order (state, campaign, next attempt, id), a few
-- at a time: with the index in that order a refill reads only what it takes, however many are queued.
CREATE INDEX call_lead_waiting ON call_lead (state, campaign_id, next_attempt_at, id);
DROP INDEX call_lead_due;
