package dev.crmoutbound.sftp;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SFTP inbox consumer reports when a poll or a download fails: one line an operator can act
 * on (what failed, the root cause, what happens next) instead of the endpoint's whole URI. The stack
 * trace is at DEBUG.
 */
public class SftpTroubleLog implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SftpTroubleLog.class);

    private final String server;
    private final long retrySeconds;
    private final SftpStatus status;

    public SftpTroubleLog(String server, long retrySeconds, SftpStatus status) {
        this.server = server;
        this.retrySeconds = retrySeconds;
        this.status = status;
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        status.failed();
        String file = exchange == null ? null : exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        LOG.warn("SFTP inbox on {}: {}{}; trying again in about {} s", server,
                file == null ? "" : file + ": ", explain(exception), retrySeconds);
        LOG.debug("SFTP inbox failure: {}", message, exception);
    }

    /** What went wrong, down to the root cause, with a hint for the common cases. */
    public static String explain(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return describe(exception, root) + hint(root);
    }

    private static String describe(Throwable top, Throwable root) {
        return top == root || String.valueOf(top.getMessage()).contains(String.valueOf(root.getMessage()))
                ? String.valueOf(top.getMessage()) : top.getMessage() + ": " + root.getMessage();
    }

    private static String hint(Throwable root) {
        String text = String.valueOf(root.getMessage());
        if (text.contains("HostKey")) {
            return " (the server's host key is not the one in SFTP_KNOWN_HOSTS: refusing to connect)";
        }
        if (text.contains("Auth fail") || text.contains("Auth cancel")) {
            return " (login refused: check SFTP_USER and the key or password)";
        }
        if (text.contains("No such file")) {
            return " (does SFTP_INBOX exist on the server?)";
        }
        return "";
    }
}
