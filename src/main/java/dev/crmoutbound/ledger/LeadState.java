package dev.crmoutbound.ledger;

/** Where a lead is in its life; see DESIGN.md, "The call ledger". */
public enum LeadState {
    QUEUED, DIALING, ACTIVE, DONE, REJECTED, RETRY_WAIT, UNCERTAIN;

    public boolean isFinal() {
        return this == DONE || this == REJECTED;
    }

    public boolean isInCall() {
        return this == DIALING || this == ACTIVE || this == UNCERTAIN;
    }
}
