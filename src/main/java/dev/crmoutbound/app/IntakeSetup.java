package dev.crmoutbound.app;

import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.privacy.NumberHashes;
import dev.crmoutbound.policy.LeadScreening;
import dev.crmoutbound.source.LeadSources;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * Taking leads in: each lead screened by its campaign's policy and written into the ledger once, and
 * the registry of the lead sources they come from.
 */
public class IntakeSetup implements CamelConfiguration {

    @PropertyInject("health.source-unreachable-seconds")
    private long sourceUnreachableSeconds;

    @Override
    public void configure(CamelContext context) {
        Beans beans = new Beans(context);
        Clock clock = beans.get("ledgerClock", Clock.class);
        beans.bind("leadScreening", new LeadScreening(clock));
        beans.bind("leadIntakeWriter", new LeadIntakeWriter(beans.get("ledgerJdbc", Jdbc.class), clock,
                beans.get("faultLog", FaultLog.class), beans.get("numberHashes", NumberHashes.class)));
        beans.bind("leadSources", new LeadSources(context.getRegistry(), Duration.ofSeconds(sourceUnreachableSeconds)));
    }
}
