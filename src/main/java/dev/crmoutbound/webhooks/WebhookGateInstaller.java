package dev.crmoutbound.webhooks;

import io.vertx.ext.web.handler.TimeoutHandler;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the {@link WebhookGate} in front of the webhook route on the embedded HTTP server, before
 * anything else there (the body handler included), with a timeout for the whole request (408).
 */
public class WebhookGateInstaller implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookGateInstaller.class);

    private final String path;
    private final WebhookGate gate;
    private final Duration requestTimeout;

    public WebhookGateInstaller(String path, WebhookGate gate, Duration requestTimeout) {
        this.path = path;
        this.gate = gate;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        var routers = context.getRegistry().findByType(VertxPlatformHttpRouter.class);
        for (VertxPlatformHttpRouter router : routers) {
            router.route(path + "*").order(-1)
                    .handler(TimeoutHandler.create(requestTimeout.toMillis(), 408))
                    .handler(gate)
                    .failureHandler(gate::failed);
        }
        if (routers.isEmpty()) {
            LOG.warn("No embedded HTTP server found: webhooks on {} are not guarded", path);
        }
    }
}
