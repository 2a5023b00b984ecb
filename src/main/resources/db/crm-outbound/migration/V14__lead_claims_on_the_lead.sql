-- A lead holds its keys in its own row: the record id and the number's keyed hash it was the first to
-- claim in its campaign (NULL when it holds none: a duplicate, a rejected lead). The unique indexes on
-- them (per database, next) refuse a second holder, as lead_key's primary key did. A file's leads then
-- go into call_lead in one bulk write, with no second table to claim in and join back.
ALTER TABLE call_lead ADD COLUMN record_claim VARCHAR(500);
ALTER TABLE call_lead ADD COLUMN phone_claim VARCHAR(64);
