package dev.crmoutbound.intake;

/**
 * The file read is not the file that was listed: it was still being written. Nothing of it is kept;
 * it is read again once it has settled.
 */
public class LeadFileChangedException extends RuntimeException {
    public LeadFileChangedException(String message) {
        super(message);
    }
}
