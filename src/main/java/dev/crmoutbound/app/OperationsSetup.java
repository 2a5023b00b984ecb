package dev.crmoutbound.app;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.KrosAiAccounts;
import dev.crmoutbound.config.Settings;
import dev.crmoutbound.ledger.AccountSlots;
import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.LedgerGauges;
import dev.crmoutbound.ops.ManagementToken;
import dev.crmoutbound.ops.StatusPage;
import dev.crmoutbound.ops.StatusSnapshot;
import dev.crmoutbound.ops.ReadinessCheck;
import dev.crmoutbound.ops.ServiceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.StringJoiner;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.spi.Registry;

/**
 * What an operator sees from outside: the service's metrics in the meter registry Camel's Prometheus
 * endpoint serves (beside Camel's route metrics), the ledger's gauges, the named readiness checks and
 * the status page, all on Camel Main's management server (see config/application.properties).
 */
final class OperationsSetup {

    private OperationsSetup() {
    }

    /**
     * The service's metrics, in the registry the management port serves: camel-micrometer-prometheus
     * binds it as {@code metricsRegistry} as Camel starts (without metrics, a registry nobody reads).
     */
    static ServiceMetrics metrics(CamelContext context, Settings s) {
        ServiceMetrics metrics = new ServiceMetrics(() -> {
            MeterRegistry camels = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
            return camels != null ? camels : new SimpleMeterRegistry();
        });
        context.getRegistry().bind("serviceMetrics", metrics);
        portHint(context, s);
        return metrics;
    }

    /**
     * Camel 4.17 pitfall: with a management server beside the main one, platform-http cannot tell which
     * router is the main server's and falls back to port 8080, so any other SERVER_PORT fails to start or
     * puts the webhook route on the management port (CAMEL-22937, fixed in 4.18). Naming the main port
     * in a server configuration bean, which the engine consults first, avoids it.
     */
    private static void portHint(CamelContext context, Settings s) {
        VertxPlatformHttpServerConfiguration hint = new VertxPlatformHttpServerConfiguration();
        hint.setBindPort(s.integer("camel.server.port"));
        context.getRegistry().bind("platformHttpMainPort", hint);
    }

    /**
     * The status page and, with MANAGEMENT_TOKEN set, its guard, added to the management server once it
     * runs (none in --batch and --dry-run, which have no management server).
     */
    static void statusPage(CamelContext context, Settings s, StatusSnapshot snapshot, FaultLog faults) {
        String token = s.optional("management.token").filter(t -> !t.isBlank()).orElse(null);
        onStarted(context, "the status page", () -> {
            ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
            if (server == null || server.getRouter() == null) {
                return;
            }
            if (token != null) {
                server.getRouter().routeWithRegex("^(?!/observe/health).*").order(-1).handler(new ManagementToken(token));
            }
            new StatusPage(snapshot, faults).addTo(server.getRouter());
        });
    }

    private static void onStarted(CamelContext context, String what, Runnable action) {
        try {
            context.addStartupListener((started, alreadyStarted) -> action.run());
        } catch (Exception e) {
            throw new IllegalStateException("cannot add " + what, e);
        }
    }

    /** The ledger gauges and the readiness checks of the ledger and the campaigns (each source registers its own). */
    static void checks(CamelContext context, Jdbc jdbc, CallLedger ledger, AccountSlots slots,
                       CampaignControl control, KrosAiAccounts accounts, Campaigns campaigns, ServiceMetrics metrics) {
        LedgerGauges gauges = new LedgerGauges(ledger, slots, accounts, campaigns);
        onStarted(context, "the ledger gauges", () -> gauges.register(metrics.registry()));
        Registry registry = context.getRegistry();
        registry.bind("ledgerReadiness", new ReadinessCheck("ledger", () -> {
            jdbc.queryOne("SELECT 1", rs -> rs.getInt(1));
            return null;
        }));
        registry.bind("campaignsReadiness", new ReadinessCheck("campaigns", () -> {
            StringJoiner stopped = new StringJoiner("; ");
            for (Campaign c : campaigns.all()) {
                control.status(c.id()).filter(st -> st.state() == CampaignControl.State.STOPPED)
                        .ifPresent(st -> stopped.add("campaign " + c.id() + " is stopped: " + st.reason()));
            }
            return stopped.length() == 0 ? null : stopped.toString();
        }));
    }
}
