package dev.crmoutbound.app;

import dev.crmoutbound.config.KrosAiAccounts;
import dev.crmoutbound.dialer.CallSlots;
import dev.crmoutbound.dialer.DialPump;
import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ledger.WebhookLedger;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.ServiceMetrics;
import dev.crmoutbound.webhooks.CallEventParser;
import dev.crmoutbound.webhooks.WebhookGate;
import dev.crmoutbound.webhooks.WebhookGateInstaller;
import dev.crmoutbound.webhooks.WebhookReceiver;
import dev.crmoutbound.webhooks.WebhookRefusals;
import dev.crmoutbound.webhooks.WebhookSignature;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * KrosAI's webhooks: the gate on the HTTP server that refuses what cannot be a signed event before its
 * body is read, and the receiver that verifies each event against its account's secret and records it
 * with the call's state change (a call's end frees its slot and refills the dialer at once).
 */
public class WebhookSetup implements CamelConfiguration {

    @PropertyInject("webhook.max-body-bytes")
    private long maxBodyBytes;
    @PropertyInject("webhook.request-timeout-ms")
    private long requestTimeoutMs;
    @PropertyInject(value = "dry-run", defaultValue = "false")
    private boolean dryRun;

    @Override
    public void configure(CamelContext context) {
        Beans beans = new Beans(context);
        ServiceMetrics metrics = beans.get("serviceMetrics", ServiceMetrics.class);
        CallLedger ledger = beans.get("callLedger", CallLedger.class);
        DialPump pump = beans.get("dialPump", DialPump.class);
        WebhookRefusals refusals = new WebhookRefusals(metrics);
        beans.bind("webhookRefusals", refusals);
        if (!dryRun) {
            try {
                context.addStartupListener(new WebhookGateInstaller(ServiceSetup.WEBHOOK_PATH,
                        new WebhookGate(ServiceSetup.WEBHOOK_PATH, maxBodyBytes, refusals), Duration.ofMillis(requestTimeoutMs)));
            } catch (Exception e) {
                throw new IllegalStateException("cannot install the webhook gate", e);
            }
        }
        beans.bind("webhookReceiver", new WebhookReceiver(beans.get("krosAiAccounts", KrosAiAccounts.class).all().stream()
                .map(a -> new WebhookSignature(a.webhookSecret())).toList(), new CallEventParser(),
                new WebhookLedger(beans.get("ledgerJdbc", Jdbc.class), beans.get("ledgerClock", Clock.class), ledger),
                beans.get("callSlots", CallSlots.class), beans.get("faultLog", FaultLog.class), pump::refillSoon, metrics));
    }
}
