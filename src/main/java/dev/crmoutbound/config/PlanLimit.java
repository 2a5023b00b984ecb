package dev.crmoutbound.config;

import java.util.Locale;

/** The KrosAI plan's concurrent-call limit: calls in progress, not requests per second. */
public final class PlanLimit {

    /** Enterprise plans have no documented limit; we still keep a finite, configurable ceiling. */
    static final int ENTERPRISE_DEFAULT = 100;

    private PlanLimit() {
    }

    public static int resolve(Settings settings) {
        int explicit = settings.integer("krosai.concurrent-limit", 0);
        if (explicit > 0) {
            return explicit;
        }
        String plan = settings.text("krosai.plan", "free").toLowerCase(Locale.ROOT);
        return switch (plan) {
            case "free" -> 1;
            case "pro" -> 10;
            case "business" -> 50;
            case "enterprise" -> ENTERPRISE_DEFAULT;
            default -> throw new ConfigurationException(
                    "KROSAI_PLAN must be free, pro, business or enterprise, was '" + plan + "'");
        };
    }
}
