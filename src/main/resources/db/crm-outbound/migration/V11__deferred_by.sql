-- The calling rule that last deferred a lead (a state's hours, a Sunday, a holiday, a cap), for the
-- results file and the CRM's activity: an audit of why it was called when it was.
ALTER TABLE call_lead ADD COLUMN deferred_by VARCHAR(500);
