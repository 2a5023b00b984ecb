package dev.crmoutbound.support;

import dev.crmoutbound.Application;
import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.sandbox.TestSandbox;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.test.AvailablePortFinder;

/** The application exactly as {@code java -jar} starts it, pointed at a test's sandbox and data folder. */
public final class RunningApp implements AutoCloseable {

    private final Main main;
    private final int port;

    private final int managementPort;

    private RunningApp(Main main, int port, int managementPort) {
        this.main = main;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Settings a test usually wants: fast polling, the sandbox as KrosAI, a free port. */
    public static Map<String, String> settings(Path dataDir, TestSandbox sandbox, int limit) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("data.dir", dataDir.toString());
        s.put("krosai.base-url", sandbox.baseUrl());
        s.put("krosai.api-key", sandbox.options().apiKey);
        s.put("krosai.webhook-secret", sandbox.options().webhookSecret);
        s.put("krosai.concurrent-limit", String.valueOf(limit));
        s.put("campaign.from-number", "+14155550100");
        s.put("campaign.endpoint-id", "ep_sandbox");
        // The test sandbox counts as a real API, whose default window would make a test depend on the hour it runs
        s.put("campaign.calling-window", "00:00-24:00");
        s.put("csv.read-lock-min-age-ms", "100");
        s.put("dialer.poll-ms", "100");
        s.put("results.interval-ms", "200");
        s.put("progress.interval-ms", "1000");
        s.put("camel.main.shutdown-timeout", "5");
        TestDatabase.current().ifPresent(url -> s.put("ledger.jdbc-url", url));
        return s;
    }

    public static RunningApp start(Map<String, String> settings) throws Exception {
        return start(settings, null);
    }

    /** With {@code clock} as the application's clock (calling windows, redial delays, the 24 h cap). */
    public static RunningApp start(Map<String, String> settings, java.time.Clock clock) throws Exception {
        int port = settings.containsKey("camel.server.port") ? Integer.parseInt(settings.get("camel.server.port"))
                : AvailablePortFinder.getNextAvailable();
        Main main = Application.create();
        if (clock != null) {
            main.bind("clock", clock);
        }
        settings.forEach(main::addOverrideProperty);
        main.addOverrideProperty("camel.server.port", String.valueOf(port));
        int management = settings.containsKey("camel.management.port")
                ? Integer.parseInt(settings.get("camel.management.port")) : AvailablePortFinder.getNextAvailable();
        main.addOverrideProperty("camel.management.port", String.valueOf(management));
        if (!settings.containsKey("webhook.public-url")) {
            main.addOverrideProperty("webhook.public-url", "http://127.0.0.1:" + port + "/webhooks/krosai");
        }
        main.start();
        return new RunningApp(main, port, management);
    }

    /** The application set up as {@code --batch} runs it, on a free port, for {@link Application#runBatch}. */
    public static Main batchMain(Map<String, String> settings) {
        Main main = Application.create();
        int port = AvailablePortFinder.getNextAvailable();
        settings.forEach(main::addOverrideProperty);
        main.addOverrideProperty("camel.server.port", String.valueOf(port));
        main.addOverrideProperty("webhook.public-url", "http://127.0.0.1:" + port + "/webhooks/krosai");
        return main;
    }

    /** Runs {@code --dry-run} to its end with these settings and clock; returns its exit code. */
    public static int dryRun(Map<String, String> settings, java.time.Clock clock) throws Exception {
        Main main = Application.create();
        if (clock != null) {
            main.bind("clock", clock);
        }
        settings.forEach(main::addOverrideProperty);
        return Application.runDryRun(main);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    public CallLedger ledger() {
        return bean("callLedger", CallLedger.class);
    }

    /** The application's own ledger connection pool. */
    public Jdbc jdbc() {
        return new Jdbc(bean("ledgerDataSource", javax.sql.DataSource.class));
    }

    public CampaignControl campaigns() {
        return bean("campaignControl", CampaignControl.class);
    }

    /** Lets the dialer pump look at the ledger a few times, so that a lead it would dial has been dialed. */
    public void awaitPumpRounds() {
        var pump = bean("dialPump", dev.crmoutbound.dialer.DialPump.class);
        long start = pump.rounds();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> pump.rounds() >= start + 3 && pump.inPipeline() == 0);
    }

    /** The campaign summary line the progress route logs. */
    public String summary() {
        return bean("campaignProgress", dev.crmoutbound.ops.CampaignProgress.class).summary();
    }

    public String webhookUrl() {
        return "http://127.0.0.1:" + port + "/webhooks/krosai";
    }

    /** The management server's port (health, metrics), on 127.0.0.1. */
    public int managementPort() {
        return managementPort;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        main.stop();
        main.shutdown();
    }
}
