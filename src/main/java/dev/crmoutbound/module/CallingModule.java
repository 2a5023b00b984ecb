package dev.crmoutbound.module;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The calling module in another Camel application: add this class to its
 * {@code camel.main.configuration-classes} and set its settings as {@code crm-outbound.<name>}. It sets
 * up the calling core (ledger, dialer within the plan limit, webhooks, reconciliation) and the
 * application as a lead source, and loads their routes from the jar. The application then sends leads
 * to {@code direct:crm-outbound-call} and takes their outcomes from {@code crm-outbound.embedded.outcomes-uri}.
 */
public class CallingModule implements CamelConfiguration {

    /** The routes that connect the application to the core, in the jar. */
    public static final String ROUTES = "classpath:routes/embedded/*.camel.yaml";

    @Override
    public void configure(CamelContext context) throws Exception {
        // before anything reads a setting
        ModuleSettings.install(context.getPropertiesComponent());
        CallingCore.configured(context, new CallingCore());
        CallingCore.configured(context, new EmbeddedSetup());
        CallingCore.loadRoutes(context, ROUTES);
    }
}
