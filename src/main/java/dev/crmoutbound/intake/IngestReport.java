package dev.crmoutbound.intake;

/** What reading one lead file did. */
public record IngestReport(long batchId, String inputName, String storedName, int rows, int queued, int rejected) {
    @Override
    public String toString() {
        return inputName + ": " + rows + " rows, " + queued + " queued, " + rejected + " rejected (batch " + batchId + ")";
    }
}
