package dev.crmoutbound.ops;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * One named readiness check on {@code /observe/health} and {@code /observe/health/ready}: ready while
 * {@code problem} says nothing (null), not ready with its words otherwise; a check that cannot run
 * (the ledger it asks is out of reach) is not ready, with why.
 */
public class ReadinessCheck extends AbstractHealthCheck {

    private final Supplier<String> problem;

    public ReadinessCheck(String id, Supplier<String> problem) {
        super("crm-outbound-calls", id);
        this.problem = problem;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String why;
        try {
            why = problem.get();
        } catch (RuntimeException e) {
            why = FaultLog.describe(e);
        }
        if (why == null) {
            builder.up();
        } else {
            builder.down().message(why);
        }
    }
}
