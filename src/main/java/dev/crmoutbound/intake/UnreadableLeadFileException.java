package dev.crmoutbound.intake;

/** The file cannot be read as a lead CSV; the message says why in terms its sender can fix. */
public class UnreadableLeadFileException extends RuntimeException {
    public UnreadableLeadFileException(String message) {
        super(message);
    }

    public UnreadableLeadFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
