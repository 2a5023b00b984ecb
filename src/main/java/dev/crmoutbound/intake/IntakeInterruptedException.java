package dev.crmoutbound.intake;

/**
 * The intake was interrupted (the service is stopping): the file is nobody's fault and stays in the
 * inbox; the next start resumes it after the rows already written.
 */
public class IntakeInterruptedException extends RuntimeException {
    public IntakeInterruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
