package dev.crmoutbound.ledger;

/**
 * Where a lead is in its life; see DESIGN.md, "The call ledger". HELD: taken in from a CRM that must first
 * accept the claim on its record (Salesforce's status set to Queued); it is dialed only once it has.
 */
public enum LeadState {
    HELD, QUEUED, DIALING, ACTIVE, DONE, REJECTED, RETRY_WAIT, UNCERTAIN;

    public boolean isFinal() {
        return this == DONE || this == REJECTED;
    }

    public boolean isInCall() {
        return this == DIALING || this == ACTIVE || this == UNCERTAIN;
    }

    /** The states {@code which} picks, in this order, as an SQL list of literals: {@code ('DIALING', 'ACTIVE')}. */
    static String sqlList(java.util.function.Predicate<LeadState> which) {
        return java.util.Arrays.stream(values()).filter(which).map(state -> "'" + state + "'")
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }
}
