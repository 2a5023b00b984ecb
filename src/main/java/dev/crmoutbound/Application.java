package dev.crmoutbound;

import dev.crmoutbound.app.BatchProgress;
import dev.crmoutbound.app.BatchRun;
import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.dryrun.DryRun;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.privacy.PersonCommand;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the routes as a service, or with {@code --batch} until every lead in the inbox is final and
 * its results file is written, or with {@code --dry-run} to report what would be called without calling.
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private static final String H2_DATABASE_IN_USE = "90020";

    static final String PROPERTY_LOCATIONS =
            "classpath:config/application.properties,file:config/application.properties;optional=true";

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        String logFormat = System.getenv("LOG_FORMAT");
        if (logFormat != null && !logFormat.isBlank() && !logFormat.equals("text") && !logFormat.equals("json")) {
            System.err.println("LOG_FORMAT must be text or json, not '" + logFormat + "'");
            System.exit(1);
        }
        boolean batch = Arrays.asList(args).contains("--batch");
        try {
            Main main = create();
            PersonCommand person = PersonCommand.of(args);
            if (person != null) {
                System.exit(person.run(main, System.out));
            }
            if (Arrays.asList(args).contains("--replay-dead-letters")) {
                main.addOverrideProperty("replay-dead-letters", "true");
            }
            if (Arrays.asList(args).contains("--dry-run")) {
                System.exit(runDryRun(main));
            }
            if (!batch) {
                main.run();
                return;
            }
            System.exit(runBatch(main));
        } catch (Exception e) {
            String problem = startupProblem(e);
            if (problem == null) {
                LOG.error("Cannot start", e);
            } else {
                LOG.error("Cannot start: {}", problem);
            }
            System.exit(1);
        }
    }

    /** What a user can fix when startup failed for a known reason (a setting, the Salesforce login), else null. */
    static String startupProblem(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationException) {
                return cause.getMessage();
            }
            if (cause instanceof SQLException sql && H2_DATABASE_IN_USE.equals(sql.getSQLState())) {
                return "the H2 ledger is in use by another process (a running service?); H2 opens its file in one "
                        + "process at a time: stop that process, or give both a PostgreSQL ledger (LEDGER_JDBC_URL)";
            }
            if (cause instanceof SalesforceException) {
                return "Salesforce login failed: " + cause.getMessage()
                        + " (check SALESFORCE_LOGIN_URL, SALESFORCE_CLIENT_ID and the credentials)";
            }
        }
        return null;
    }

    /** Runs until the inbox's work is done or the campaign halts; returns the process exit code. */
    public static int runBatch(Main main) throws Exception {
        // a run to its end, often beside a running service: no management port to clash with the service's
        main.addOverrideProperty("camel.management.enabled", "false");
        AtomicInteger exitCode = new AtomicInteger(1);
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "batch-watch");
            t.setDaemon(true);
            return t;
        });
        BatchProgress progress = BatchProgress.choose(System.getenv("BATCH_PROGRESS"));
        if (progress.bars()) {
            main.addOverrideProperty("progress.log-lines", "false"); // the bars say it
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                CamelContext context = started.getCamelContext();
                BatchRun run = BatchRun.starting(
                        Path.of(context.getPropertiesComponent().resolveProperty("data.dir").orElseThrow()));
                progress.start(context);
                watch.scheduleWithFixedDelay(() -> {
                    try {
                        progress.draw();
                        Integer code = run.exitCode(context);
                        if (code != null) {
                            exitCode.set(code);
                            progress.close();
                            BatchRun.logSummary(context);
                            watch.shutdown();
                            main.completed();
                        }
                    } catch (RuntimeException e) {
                        context.getRegistry().lookupByNameAndType("faultLog", FaultLog.class)
                                .report("Batch run reading its progress (tried again every second)", e);
                    }
                }, 1, 1, TimeUnit.SECONDS);
            }
        });
        try {
            main.run();
        } finally {
            watch.shutdownNow();
            progress.close();
        }
        return exitCode.get();
    }

    /**
     * {@code --dry-run}: only the dry-run routes, no web server (a service may be running beside it), and
     * the application ends once the report is written. Returns the exit code: 0 when every source was
     * judged, 4 when one (the SFTP server) could not be read, 1 when the run failed.
     */
    public static int runDryRun(Main main) throws Exception {
        dryRun(main);
        AtomicInteger exitCode = new AtomicInteger(DryRun.EXIT_FAILED);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeStop(BaseMainSupport stopping) {
                DryRun run = stopping.getCamelContext().getRegistry().lookupByNameAndType("dryRun", DryRun.class);
                if (run != null) {
                    exitCode.set(run.exitCode());
                }
            }
        });
        main.run();
        return exitCode.get();
    }

    private static void dryRun(Main main) {
        main.addOverrideProperty("dry-run", "true");
        main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:routes/calling/error-handling.camel.yaml,classpath:routes/dry-run.camel.yaml,"
                + "classpath:routes/query-*.camel.yaml");
        main.addOverrideProperty("camel.server.enabled", "false");
        main.addOverrideProperty("camel.management.enabled", "false");
        main.bind("dryRunMain", main);
    }

    /**
     * The application as {@code java -jar} runs it; tests start it the same way. Its setups are the
     * {@code camel.main.configuration-classes} of config/application.properties, run in that order.
     */
    public static Main create() {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTY_LOCATIONS);
        return main;
    }
}
