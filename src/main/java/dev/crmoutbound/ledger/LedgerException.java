package dev.crmoutbound.ledger;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** The ledger database failed; the cause says how. */
public class LedgerException extends RuntimeException {

    public LedgerException(Throwable cause) {
        super("call ledger: " + messageOf(cause), cause);
    }

    /** A batch's own message repeats its statement; the reason is in the next exception. */
    private static String messageOf(Throwable cause) {
        return cause instanceof SQLException sql && sql.getNextException() != null
                ? sql.getNextException().getMessage() : cause.getMessage();
    }

    /** The exception for a failed statement: {@link LedgerUnavailableException} when the database could not be reached. */
    static LedgerException of(SQLException e) {
        return isConnectionProblem(e) ? new LedgerUnavailableException(e) : new LedgerException(e);
    }

    private static boolean isConnectionProblem(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
