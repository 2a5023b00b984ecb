package dev.crmoutbound.app;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.KrosAiAccounts;
import dev.crmoutbound.config.Settings;
import dev.crmoutbound.ledger.AccountSlots;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.CampaignCounts;
import dev.crmoutbound.ops.LedgerGauges;
import dev.crmoutbound.ops.ManagementToken;
import dev.crmoutbound.ops.StatusPage;
import dev.crmoutbound.ops.StatusSnapshot;
import dev.crmoutbound.ops.ReadinessCheck;
import dev.crmoutbound.ops.ServiceMetrics;
import dev.crmoutbound.ledger.LedgerOverview;
import java.time.Clock;
import java.util.StringJoiner;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.spi.Registry;

/**
 * What an operator sees from outside, set up last: the ledger's gauges (beside Camel's route metrics
 * and the service's own), the readiness checks of the ledger and the campaigns (each source registers
 * its own), and the status page, all on Camel Main's management server (none in a dry run).
 */
public class OperationsSetup implements CamelConfiguration {

    @PropertyInject("management.token")
    private String managementToken;
    @PropertyInject(value = "dry-run", defaultValue = "false")
    private boolean dryRun;

    @Override
    public void configure(CamelContext context) {
        if (dryRun) {
            return;
        }
        Beans beans = new Beans(context);
        Jdbc jdbc = beans.get("ledgerJdbc", Jdbc.class);
        Clock clock = beans.get("ledgerClock", Clock.class);
        AccountSlots slots = beans.get("accountSlots", AccountSlots.class);
        CampaignControl control = beans.get("campaignControl", CampaignControl.class);
        KrosAiAccounts accounts = beans.get("krosAiAccounts", KrosAiAccounts.class);
        Campaigns campaigns = beans.get("campaigns", Campaigns.class);
        FaultLog faults = beans.get("faultLog", FaultLog.class);
        CampaignCounts counts = beans.get("campaignCounts", CampaignCounts.class);
        checks(context, jdbc, counts, slots, control, accounts, campaigns, beans.get("serviceMetrics", ServiceMetrics.class));
        statusPage(context, managementToken, new StatusSnapshot(counts, new LedgerOverview(jdbc, clock), slots, control,
                accounts, campaigns, faults, clock), faults);
    }

    /**
     * The status page and, with MANAGEMENT_TOKEN set, its guard, added to the management server once it
     * runs (none in --batch and --dry-run, which have no management server).
     */
    private static void statusPage(CamelContext context, String managementToken, StatusSnapshot snapshot, FaultLog faults) {
        String token = Settings.orNull(managementToken);
        onManagementRouter(context, "the status page", router -> {
            if (token != null) {
                router.routeWithRegex("^(?!/observe/health).*").order(-1).handler(new ManagementToken(token));
            }
            new StatusPage(snapshot, faults).addTo(router);
        });
    }

    /** Adds to the management server's router once Camel has started it (there is none in --batch or --dry-run). */
    static void onManagementRouter(CamelContext context, String what, java.util.function.Consumer<io.vertx.ext.web.Router> add) {
        onStarted(context, what, () -> {
            ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
            if (server != null && server.getRouter() != null) {
                add.accept(server.getRouter());
            }
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
    private static void checks(CamelContext context, Jdbc jdbc, CampaignCounts counts, AccountSlots slots,
                       CampaignControl control, KrosAiAccounts accounts, Campaigns campaigns, ServiceMetrics metrics) {
        LedgerGauges gauges = new LedgerGauges(counts, slots, accounts, campaigns);
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
