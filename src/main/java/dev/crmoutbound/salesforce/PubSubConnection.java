package dev.crmoutbound.salesforce;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.Service;
import org.apache.camel.component.salesforce.PubSubApiConsumer;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Sets up each Pub/Sub consumer's connection as its route adds it, before it starts. Salesforce's
 * endpoint is TLS; a plaintext connection is only for a local Pub/Sub server (development and tests),
 * and camel-salesforce offers it on the consumer, not as an endpoint option.
 */
public class PubSubConnection extends LifecycleStrategySupport {

    private final boolean plaintext;

    public PubSubConnection(boolean plaintext) {
        this.plaintext = plaintext;
    }

    @Override
    public void onServiceAdd(CamelContext context, Service service, Route route) {
        if (service instanceof PubSubApiConsumer consumer) {
            consumer.setUsePlainTextConnection(plaintext);
        }
    }
}
