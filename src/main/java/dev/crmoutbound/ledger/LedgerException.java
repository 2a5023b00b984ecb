package dev.crmoutbound.ledger;

/** The ledger database failed; the cause says how. */
public class LedgerException extends RuntimeException {
    public LedgerException(Throwable cause) {
        super("call ledger: " + cause.getMessage(), cause);
    }
}
