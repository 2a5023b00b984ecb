-- H2: the record and number claims move from lead_key to the leads holding them (the CRM's claims on
-- records, written before a record is read, stay in lead_key). H2 has no partial indexes; a unique
-- index takes any number of NULLs.
MERGE INTO call_lead l USING (SELECT request_id, key_value FROM lead_key WHERE key_kind = 'RECORD') k
    ON l.request_id = k.request_id WHEN MATCHED THEN UPDATE SET record_claim = k.key_value;
MERGE INTO call_lead l USING (SELECT request_id, key_value FROM lead_key WHERE key_kind = 'PHONE') k
    ON l.request_id = k.request_id WHEN MATCHED THEN UPDATE SET phone_claim = k.key_value;
DELETE FROM lead_key WHERE key_kind IN ('RECORD', 'PHONE');
CREATE UNIQUE INDEX call_lead_record_claim ON call_lead (campaign_id, record_claim);
CREATE UNIQUE INDEX call_lead_phone_claim ON call_lead (campaign_id, phone_claim);
ALTER TABLE call_lead ALTER COLUMN record_claim SELECTIVITY 100;
ALTER TABLE call_lead ALTER COLUMN phone_claim SELECTIVITY 100;
