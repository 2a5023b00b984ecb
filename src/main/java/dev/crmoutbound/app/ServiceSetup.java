package dev.crmoutbound.app;

import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.ServiceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The calling core's first setup: what every later part reports to (the fault log, the service's
 * metrics). The core's setups run in the order {@link dev.crmoutbound.module.CallingCore} lists them,
 * each binding the beans the routes and later setups use.
 */
public class ServiceSetup implements CamelConfiguration {

    /** Where KrosAI posts its events (the webhooks-krosai route's path). */
    static final String WEBHOOK_PATH = "/webhooks/krosai";

    @Override
    public void configure(CamelContext context) {
        Beans beans = new Beans(context);
        beans.bind("faultLog", new FaultLog());
        // camel-micrometer-prometheus binds its registry as metricsRegistry as Camel starts; without metrics,
        // a registry nobody reads
        beans.bind("serviceMetrics", new ServiceMetrics(() -> {
            MeterRegistry camels = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
            return camels != null ? camels : new SimpleMeterRegistry();
        }));
    }
}
