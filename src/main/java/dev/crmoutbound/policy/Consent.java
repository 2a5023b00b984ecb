package dev.crmoutbound.policy;

import java.util.Locale;
import java.util.Set;

/** Whether a consent cell says yes. Anything else, including an empty cell, is no. */
public final class Consent {

    private static final Set<String> YES = Set.of("yes", "y", "true", "t", "1", "x", "opted in", "opted_in",
            "opt-in", "opt_in", "optin", "granted", "consented", "given");

    private Consent() {
    }

    public static boolean given(String cell) {
        return cell != null && YES.contains(cell.strip().toLowerCase(Locale.ROOT));
    }
}
