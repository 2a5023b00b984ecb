package dev.crmoutbound.app;

import io.vertx.core.VertxOptions;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.properties.PropertiesComponent;

/**
 * What only the standalone service sets up, first: how its settings are read, and its embedded HTTP
 * server (an application that embeds the calling module keeps its own).
 */
public class StandaloneServer implements CamelConfiguration {

    @PropertyInject("webhook.worker-threads")
    private int workerThreads;
    @PropertyInject("camel.server.port")
    private int serverPort;

    /**
     * The server's worker threads, on which each webhook is verified and recorded. A webhook waits on its
     * thread for the ledger's commit, which it shares with the webhooks arriving at the same moment;
     * Vert.x's default of 20 threads would cap how many can share one.
     */
    @BindToRegistry
    public VertxOptions vertxOptions() {
        return new VertxOptions().setWorkerPoolSize(workerThreads);
    }

    @Override
    public void configure(CamelContext context) {
        environmentOnlyThroughEnvPlaceholders((PropertiesComponent) context.getPropertiesComponent());
        // Camel 4.17 pitfall: with a management server beside the main one, platform-http cannot tell which
        // router is the main server's and falls back to port 8080, so any other SERVER_PORT fails to start or
        // puts the webhook routes on the management port (CAMEL-22937, fixed in 4.18). Naming the main port
        // in a server configuration bean, which the engine consults first, avoids it.
        VertxPlatformHttpServerConfiguration mainPort = new VertxPlatformHttpServerConfiguration();
        mainPort.setBindPort(serverPort);
        context.getRegistry().bind("platformHttpMainPort", mainPort);
    }

    /**
     * Settings come from the environment only through the {@code {{env:...}}} placeholders of the
     * configuration. Camel's default would also let DATA_DIR stand in for data.dir everywhere, over the
     * values resolved by the setups (the absolute data folder, the SOQL built from the mapping).
     */
    private static void environmentOnlyThroughEnvPlaceholders(PropertiesComponent properties) {
        properties.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
    }
}
