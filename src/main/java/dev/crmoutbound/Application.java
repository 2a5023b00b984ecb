package dev.crmoutbound;

import dev.crmoutbound.app.BatchRun;
import dev.crmoutbound.app.CampaignSetup;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.main.Main;

/**
 * Runs the routes as a service, or with {@code --batch} until every lead in the inbox is final and
 * its results file is written.
 */
public final class Application {

    static final String PROPERTY_LOCATIONS =
            "classpath:config/application.properties,file:config/application.properties;optional=true";

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        boolean batch = Arrays.asList(args).contains("--batch");
        Main main = create();
        if (!batch) {
            main.run();
            return;
        }
        AtomicInteger exitCode = new AtomicInteger(1);
        ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "batch-watch");
            t.setDaemon(true);
            return t;
        });
        main.addMainListener(new org.apache.camel.main.MainListenerSupport() {
            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport started) {
                var context = started.getCamelContext();
                BatchRun run = BatchRun.starting(
                        Path.of(context.getPropertiesComponent().resolveProperty("data.dir").orElseThrow()));
                watch.scheduleWithFixedDelay(() -> {
                    Integer code = run.exitCode(context);
                    if (code != null) {
                        exitCode.set(code);
                        BatchRun.logSummary(context);
                        main.completed();
                        watch.shutdown();
                    }
                }, 1, 1, TimeUnit.SECONDS);
            }
        });
        main.run();
        System.exit(exitCode.get());
    }

    /** The application as {@code java -jar} runs it; tests start it the same way. */
    public static Main create() {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTY_LOCATIONS);
        main.configure().addConfiguration(new CampaignSetup());
        return main;
    }
}
