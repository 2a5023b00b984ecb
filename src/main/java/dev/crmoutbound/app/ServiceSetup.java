package dev.crmoutbound.app;

import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.ServiceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The first setup: how settings are read, and what every later part reports to (the fault log, the
 * service's metrics). The setups run in the order {@code camel.main.configuration-classes} lists them
 * in {@code config/application.properties}, each binding the beans the routes and later setups use.
 */
public class ServiceSetup implements CamelConfiguration {

    /** Where KrosAI posts its events (the webhooks-krosai route's path). */
    static final String WEBHOOK_PATH = "/webhooks/krosai";

    @PropertyInject("camel.server.port")
    private int serverPort;

    @BindToRegistry("faultLog")
    public FaultLog faultLog() {
        return new FaultLog();
    }

    @Override
    public void configure(CamelContext context) {
        environmentOnlyThroughEnvPlaceholders(context.getPropertiesComponent());
        Beans beans = new Beans(context);
        // camel-micrometer-prometheus binds its registry as metricsRegistry as Camel starts; without metrics,
        // a registry nobody reads
        beans.bind("serviceMetrics", new ServiceMetrics(() -> {
            MeterRegistry camels = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
            return camels != null ? camels : new SimpleMeterRegistry();
        }));
        // Camel 4.17 pitfall: with a management server beside the main one, platform-http cannot tell which
        // router is the main server's and falls back to port 8080, so any other SERVER_PORT fails to start or
        // puts the webhook routes on the management port (CAMEL-22937, fixed in 4.18). Naming the main port
        // in a server configuration bean, which the engine consults first, avoids it.
        VertxPlatformHttpServerConfiguration mainPort = new VertxPlatformHttpServerConfiguration();
        mainPort.setBindPort(serverPort);
        beans.bind("platformHttpMainPort", mainPort);
    }

    /**
     * Settings come from the environment only through the {@code {{env:...}}} placeholders of the
     * configuration. Camel's default would also let DATA_DIR stand in for data.dir everywhere, over the
     * values resolved by the setups (the absolute data folder, the SOQL built from the mapping).
     */
    private static void environmentOnlyThroughEnvPlaceholders(PropertiesComponent properties) {
        ((org.apache.camel.component.properties.PropertiesComponent) properties).setEnvironmentVariableMode(
                org.apache.camel.component.properties.PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
    }
}
