package dev.crmoutbound.ledger;

import java.util.Locale;
import java.util.Map;

/** KrosAI call status values, ranked so that an event never moves a call backwards. */
public final class CallStatus {

    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String NO_ANSWER = "no_answer";
    public static final String BUSY = "busy";

    /** Rank of every terminal status: higher than any call in progress. */
    public static final int TERMINAL_RANK = 9;

    private static final Map<String, Integer> RANKS = Map.of(
            "queued", 1, "initiated", 1, "ringing", 2, "answered", 3, "in_progress", 4,
            COMPLETED, TERMINAL_RANK, FAILED, TERMINAL_RANK, NO_ANSWER, TERMINAL_RANK, BUSY, TERMINAL_RANK);

    private CallStatus() {
    }

    public static String normalise(String status) {
        return status == null ? null : status.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }

    /** 0 for a status this client does not know. */
    public static int rank(String status) {
        return status == null ? 0 : RANKS.getOrDefault(normalise(status), 0);
    }

    public static boolean isTerminal(String status) {
        return rank(status) == TERMINAL_RANK;
    }
}
