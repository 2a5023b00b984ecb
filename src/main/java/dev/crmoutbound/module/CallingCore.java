package dev.crmoutbound.module;

import dev.crmoutbound.app.DialerSetup;
import dev.crmoutbound.app.DoNotCallSetup;
import dev.crmoutbound.app.IntakeSetup;
import dev.crmoutbound.app.KrosAiSetup;
import dev.crmoutbound.app.LedgerSetup;
import dev.crmoutbound.app.OperationsSetup;
import dev.crmoutbound.app.PrivacySetup;
import dev.crmoutbound.app.ServiceSetup;
import dev.crmoutbound.app.WebhookSetup;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.CamelBeanPostProcessor;
import org.apache.camel.support.PluginHelper;

/**
 * The calling core, the same in the standalone service and in an application that embeds the module:
 * the ledger, KrosAI and its accounts, the campaigns, the dialer within each account's plan limit,
 * the webhooks that free its slots, reconciliation, the do-not-call list and the record intake. Runs
 * its setups in order, then loads its routes ({@code routes/calling/}) from the jar; a lead source
 * builds on the beans they bind ({@link dev.crmoutbound.source.LeadSources} lists them).
 */
public class CallingCore implements CamelConfiguration {

    /** The core's routes, in the jar. */
    public static final String ROUTES = "classpath:routes/calling/*.camel.yaml";

    private static final List<Supplier<CamelConfiguration>> SETUPS = List.of(ServiceSetup::new, LedgerSetup::new,
            KrosAiSetup::new, DialerSetup::new, DoNotCallSetup::new, IntakeSetup::new, WebhookSetup::new,
            OperationsSetup::new, PrivacySetup::new);

    @PropertyInject(value = "dry-run", defaultValue = "false")
    private boolean dryRun;

    @Override
    public void configure(CamelContext context) throws Exception {
        for (Supplier<CamelConfiguration> setup : SETUPS) {
            configured(context, setup.get());
        }
        if (!dryRun) { // a dry run calls nobody: only the sources' queries run
            loadRoutes(context, ROUTES);
        }
    }

    /** Gives a setup its settings, as Camel Main does to the classes it lists, and runs it. */
    public static void configured(CamelContext context, CamelConfiguration setup) throws Exception {
        CamelBeanPostProcessor injector = PluginHelper.getBeanPostProcessor(context);
        String name = setup.getClass().getSimpleName();
        injector.postProcessBeforeInitialization(setup, name);
        injector.postProcessAfterInitialization(setup, name);
        setup.configure(context);
    }

    /** Adds the routes of the jar's YAML files that {@code pattern} names. */
    static void loadRoutes(CamelContext context, String pattern) {
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    PluginHelper.getPackageScanResourceResolver(context).findResources(pattern));
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the routes " + pattern, e);
        }
    }
}
