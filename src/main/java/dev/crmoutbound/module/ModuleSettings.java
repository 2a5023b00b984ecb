package dev.crmoutbound.module;

import dev.crmoutbound.config.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The module's settings inside another application: each is read from the application's
 * {@code crm-outbound.<name>} (say {@code crm-outbound.krosai.plan}), else its default, the value the
 * standalone service ships in {@code config/application.properties} (or {@code config/module.properties}
 * for the module's own), environment placeholders included. Asked first, before the application's own
 * sources, so that a setting of the application's that happens to share a name ({@code campaign.id})
 * never reaches the module; such a clash is logged once at start.
 */
public final class ModuleSettings implements PropertiesSource, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleSettings.class);

    /** What the module's settings are named under in the embedding application. */
    public static final String PREFIX = "crm-outbound.";

    /** The groups of settings the calling core and the module read; the rest belong to the standalone service. */
    static final List<String> GROUPS = List.of("data.", "ledger.", "krosai.", "webhook.", "campaign.", "campaigns.",
            "accounts.", "cluster.", "dialer.", "reconcile.", "progress.", "faults.", "sandbox.", "policy.", "dnc.",
            "health.", "management.", "embedded.", "calling-rules.", "privacy.", "retention.");

    private final PropertiesComponent application;
    private final Properties defaults;

    private ModuleSettings(PropertiesComponent application, Properties defaults) {
        this.application = application;
        this.defaults = defaults;
    }

    /** Puts the module's settings before the application's; warns of each application setting it hides. */
    public static ModuleSettings install(PropertiesComponent application) {
        Properties defaults = new Properties();
        load(defaults, "config/application.properties");
        load(defaults, "config/module.properties");
        defaults.stringPropertyNames().stream().filter(name -> !isModules(name)).forEach(defaults::remove);
        TreeSet<String> hidden = new TreeSet<>();
        for (String name : defaults.stringPropertyNames()) {
            if (isSet(application, name) && System.getenv(environmentName(name)) == null) {
                hidden.add(name);
            }
        }
        if (!hidden.isEmpty()) {
            LOG.warn("The crm-outbound module reads its settings as {}<name>: this application's {} {} not read by it "
                    + "(name them {}<name> for the module)", PREFIX, hidden, hidden.size() == 1 ? "is" : "are", PREFIX);
        }
        if (!isSet(application, "camel.server.port")) {
            throw new ConfigurationException("the crm-outbound module receives KrosAI's webhooks on this application's "
                    + "HTTP server (POST /webhooks/krosai): set camel.server.enabled=true and camel.server.port");
        }
        ModuleSettings settings = new ModuleSettings(application, defaults);
        application.addPropertiesSource(settings);
        return settings;
    }

    private static boolean isSet(PropertiesComponent application, String name) {
        try {
            return application.resolveProperty(name).isPresent();
        } catch (RuntimeException unresolvable) {
            return true;
        }
    }

    /** The environment variable Camel reads for a setting by default: {@code krosai.api-key} is KROSAI_API_KEY. */
    private static String environmentName(String name) {
        return name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static boolean isModules(String name) {
        return GROUPS.stream().anyMatch(name::startsWith);
    }

    @Override
    public String getName() {
        return "crm-outbound module settings";
    }

    @Override
    public String getProperty(String name) {
        if (!isModules(name)) {
            return null;
        }
        return application.resolveProperty(PREFIX + name).orElseGet(() -> defaults.getProperty(name));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST;
    }

    private static void load(Properties into, String resource) {
        try (InputStream in = ModuleSettings.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the crm-outbound-calls jar");
            }
            into.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + " from the crm-outbound-calls jar", e);
        }
    }
}
