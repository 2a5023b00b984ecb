-- Values a source maps into the call's metadata (e.g. Salesforce fields), as a JSON object.
ALTER TABLE call_lead ADD COLUMN metadata VARCHAR;
-- The start of the call's transcript, when a webhook brought one, for the CRM's call log.
ALTER TABLE call_lead ADD COLUMN transcript_excerpt VARCHAR(2000);
