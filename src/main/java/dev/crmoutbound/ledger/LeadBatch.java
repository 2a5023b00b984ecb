package dev.crmoutbound.ledger;

/** One input file (or other bundle of leads) whose results go back together. */
public record LeadBatch(long id, String campaignId, String source, String inputName, String storedPath,
                        String state, Integer rowCount) {
}
