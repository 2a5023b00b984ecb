package dev.crmoutbound.app;

import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.config.Settings;
import dev.crmoutbound.intake.PhoneNormalizer;
import dev.crmoutbound.ledger.DoNotCallList;
import dev.crmoutbound.policy.DoNotCallFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The do-not-call list: the dnc_number table always; with DNC_FILE, a file mirrored into it, read before
 * anything is dialed and again whenever it changes.
 */
final class DoNotCallSetup {

    private static final Logger LOG = LoggerFactory.getLogger(DoNotCallSetup.class);

    private DoNotCallSetup() {
    }

    static void configure(CamelContext context, Settings s, DoNotCallList list, String region) {
        String configured = s.optional("dnc.file").orElse(null);
        context.getPropertiesComponent().addOverrideProperty("dnc.enabled", String.valueOf(configured != null));
        context.getRegistry().bind("doNotCallList", list);
        if (configured == null) {
            LOG.info("Do-not-call list: the dnc_number table only (set DNC_FILE to keep it in step with a file)");
            return;
        }
        Path file = Path.of(configured).toAbsolutePath();
        if (!Files.isReadable(file)) {
            throw new ConfigurationException("DNC_FILE " + configured + " does not exist or cannot be read; nobody is "
                    + "called until the do-not-call list can be read");
        }
        DoNotCallFile dncFile = new DoNotCallFile(list, new PhoneNormalizer(region), file);
        try {
            dncFile.load();
        } catch (IOException e) {
            throw new UncheckedIOException("reading DNC_FILE " + configured, e);
        }
        context.getRegistry().bind("doNotCallFile", dncFile);
    }
}
