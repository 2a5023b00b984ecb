package dev.crmoutbound.privacy;

import java.io.PrintStream;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * {@code --forget NUMBER} (erase a person: prints what was removed) and {@code --export-person NUMBER}
 * (prints what the service holds about them, as JSON). Runs with the ledger alone: no routes, no web
 * server, no dialer, so it may run beside the service on a PostgreSQL ledger (on H2, whose file one
 * process opens at a time, stop the service first).
 */
public final class PersonCommand {

    public static final int DONE = 0;
    public static final int BAD_NUMBER = 2;

    private final boolean forget;
    private final String number;

    private PersonCommand(boolean forget, String number) {
        this.forget = forget;
        this.number = number;
    }

    /** The command the arguments ask for, or null when they ask for none. */
    public static PersonCommand of(String[] args) {
        List<String> list = List.of(args);
        for (String flag : List.of("--forget", "--export-person")) {
            int at = list.indexOf(flag);
            if (at >= 0) {
                if (at + 1 >= list.size()) {
                    throw new dev.crmoutbound.config.ConfigurationException(flag + " needs the person's phone number: " + flag + " +14155550123");
                }
                return new PersonCommand(flag.equals("--forget"), list.get(at + 1));
            }
        }
        return null;
    }

    /** Runs it in {@code main} (configured as the application is), printing to {@code out}; the exit code. */
    public int run(Main main, PrintStream out) throws Exception {
        main.addOverrideProperty("camel.main.configuration-classes", "dev.crmoutbound.app.PersonCommandSetup");
        main.addOverrideProperty("camel.main.routes-collector-enabled", "false");
        main.addOverrideProperty("camel.server.enabled", "false");
        main.addOverrideProperty("camel.management.enabled", "false");
        int[] exit = {1};
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport started) {
                CamelContext context = started.getCamelContext();
                PersonalData data = context.getRegistry().lookupByNameAndType("personalData", PersonalData.class);
                try {
                    out.println(forget ? data.forget(number) : data.export(number));
                    exit[0] = DONE;
                } catch (IllegalArgumentException e) {
                    out.println(e.getMessage());
                    exit[0] = BAD_NUMBER;
                } finally {
                    main.completed();
                }
            }
        });
        main.run();
        return exit[0];
    }
}
