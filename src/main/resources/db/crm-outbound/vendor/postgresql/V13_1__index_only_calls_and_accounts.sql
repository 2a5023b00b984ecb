-- PostgreSQL only (H2 has no partial indexes): a lead has no call id and no account until it is
-- dialed, so the indexes that find a call by its id and count an account's slots need not hold the
-- leads still queued. A million-row file writes two index entries fewer per lead.
-- (Numbered 10.1 until the vendor folder was named by the ledger itself: no ledger had run it.)
DROP INDEX call_lead_call;
CREATE INDEX call_lead_call ON call_lead (call_id) WHERE call_id IS NOT NULL;
DROP INDEX call_lead_account_slots;
CREATE INDEX call_lead_account_slots ON call_lead (account_id, state) WHERE account_id IS NOT NULL;
