package dev.crmoutbound.config;

import java.util.Locale;

/** The KrosAI plan's concurrent-call limit: calls in progress, not requests per second. */
public final class PlanLimit {

    /** Enterprise plans have no documented limit; we still keep a finite, configurable ceiling. */
    static final int ENTERPRISE_DEFAULT = 100;

    private PlanLimit() {
    }

    public static int resolve(Settings settings) {
        return resolve(settings.text("krosai.plan"), settings.optional("krosai.concurrent-limit").isEmpty() ? 0 : settings.integer("krosai.concurrent-limit"), "KROSAI_PLAN");
    }

    /** An explicit limit when above 0, else the plan's; {@code name} names the plan setting in errors. */
    public static int resolve(String plan, int explicit, String name) {
        if (explicit > 0) {
            return explicit;
        }
        return switch (plan.toLowerCase(Locale.ROOT)) {
            case "free" -> 1;
            case "pro" -> 10;
            case "business" -> 50;
            case "enterprise" -> ENTERPRISE_DEFAULT;
            default -> throw new ConfigurationException(
                    name + " must be free, pro, business or enterprise, was '" + plan + "'");
        };
    }
}
