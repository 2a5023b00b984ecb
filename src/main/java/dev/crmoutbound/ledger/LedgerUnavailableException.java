package dev.crmoutbound.ledger;

/**
 * The ledger database could not be reached. Not the fault of whatever was being written: the work is
 * kept (a file stays in the inbox) and tried again once the database is back.
 */
public class LedgerUnavailableException extends LedgerException {

    public LedgerUnavailableException(Throwable cause) {
        super(cause);
    }
}
