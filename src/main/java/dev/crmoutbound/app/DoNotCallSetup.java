package dev.crmoutbound.app;

import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.config.Settings;
import dev.crmoutbound.intake.PhoneNormalizer;
import dev.crmoutbound.ledger.DoNotCallList;
import dev.crmoutbound.policy.DoNotCallFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The do-not-call list: the dnc_number table always; with DNC_FILE, a file mirrored into it, read before
 * anything is dialed and again whenever it changes.
 */
public class DoNotCallSetup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DoNotCallSetup.class);

    @PropertyInject("dnc.file")
    private String dncFile;

    @Override
    public void configure(CamelContext context) {
        Beans beans = new Beans(context);
        DoNotCallList list = beans.get("doNotCallList", DoNotCallList.class);
        String region = beans.get("campaigns", Campaigns.class).defaultCampaign().region();
        String configured = Settings.orNull(dncFile);
        context.getPropertiesComponent().addOverrideProperty("dnc.enabled", String.valueOf(configured != null));
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
