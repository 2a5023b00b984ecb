package dev.crmoutbound.app;

import dev.crmoutbound.ledger.DoNotCallList;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.privacy.NumberHashes;
import java.time.Clock;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * For {@code --forget} and {@code --export-person}: the ledger and a person's data, nothing else (no
 * dialer, no instance in the cluster, no routes), so that it can run beside the service on a PostgreSQL
 * ledger. The setups it needs run in the core's order.
 */
public class PersonCommandSetup implements CamelConfiguration {

    @PropertyInject("campaign.region")
    private String region;

    @Override
    public void configure(CamelContext context) throws Exception {
        new ServiceSetup().configure(context);
        dev.crmoutbound.module.CallingCore.configured(context, new LedgerSetup());
        Beans beans = new Beans(context);
        DoNotCallList doNotCall = new DoNotCallList(beans.get("ledgerJdbc", Jdbc.class),
                beans.get("ledgerClock", Clock.class), beans.get("numberHashes", NumberHashes.class));
        beans.bind("personalData", PrivacySetup.personalData(beans, doNotCall, region));
    }
}
