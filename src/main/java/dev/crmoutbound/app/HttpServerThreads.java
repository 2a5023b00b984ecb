package dev.crmoutbound.app;

import io.vertx.core.VertxOptions;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * The embedded HTTP server's worker threads, on which each webhook is verified and recorded. A webhook
 * waits on its thread for the ledger's commit, which it shares with the webhooks arriving at the same
 * moment; Vert.x's default of 20 threads would cap how many can share one.
 */
public class HttpServerThreads implements CamelConfiguration {

    @PropertyInject("webhook.worker-threads")
    private int workerThreads;

    @BindToRegistry
    public VertxOptions vertxOptions() {
        return new VertxOptions().setWorkerPoolSize(workerThreads);
    }
}
