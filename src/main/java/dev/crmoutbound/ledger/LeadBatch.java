package dev.crmoutbound.ledger;

/**
 * One input file (or other bundle of leads) whose results go back together.
 *
 * @param intakeAttempts how many times its intake has started (restarts and retries included)
 */
public record LeadBatch(long id, String campaignId, String source, String inputName, String storedPath,
                        String state, Integer rowCount, Long inputSize, Long inputModified, String resultsPath,
                        int intakeAttempts) {

    /** The input as its source knew it when it was read. */
    public InputFile input() {
        return new InputFile(source, inputName, inputSize == null ? -1 : inputSize,
                inputModified == null ? -1 : inputModified);
    }
}
