package dev.crmoutbound.app;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.config.Settings;
import dev.crmoutbound.intake.PhoneNormalizer;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.DoNotCallList;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.ledger.PersonErasure;
import dev.crmoutbound.ledger.PersonExport;
import dev.crmoutbound.ledger.RetentionSweep;
import dev.crmoutbound.policy.rules.JurisdictionRule;
import dev.crmoutbound.privacy.FileRetention;
import dev.crmoutbound.privacy.NumberHashes;
import dev.crmoutbound.privacy.PersonAdminEndpoints;
import dev.crmoutbound.privacy.PersonalData;
import dev.crmoutbound.privacy.RetentionJob;
import dev.crmoutbound.sftp.SftpUploads;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * Personal data: the retention job (route personal-data-retention) with each kind of data's limit, and
 * a person's erasure and export ({@code --forget}, {@code --export-person}).
 */
public class PrivacySetup implements CamelConfiguration {

    /** The attempt cap looks back 24 h and the shipped calling rules up to 72 h: leads are kept that long. */
    static final int MIN_LEAD_DAYS = 3;

    @PropertyInject("data.dir")
    private String dataDir;
    @PropertyInject("retention.lead-days")
    private int leadDays;
    @PropertyInject("retention.file-days")
    private int fileDays;
    @PropertyInject("retention.webhook-event-days")
    private int webhookEventDays;
    @PropertyInject("retention.dead-letter-days")
    private int deadLetterDays;
    @PropertyInject("retention.page-size")
    private int pageSize;
    @PropertyInject("retention.max-pages")
    private int maxPages;
    @PropertyInject("campaign.region")
    private String region;
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
        if (leadDays != 0 && leadDays < MIN_LEAD_DAYS || fileDays < 0 || webhookEventDays < 0 || deadLetterDays < 0) {
            throw new ConfigurationException("RETENTION_LEAD_DAYS must be 0 (forever) or at least " + MIN_LEAD_DAYS
                    + " (the attempt cap and the calling rules look back up to 72 h), and the other RETENTION_*_DAYS "
                    + "0 or more; got leads " + leadDays + ", files " + fileDays + ", webhook events "
                    + webhookEventDays + ", dead letters " + deadLetterDays);
        }
        leadRetentionOutlastsTheCallingRules(leadDays, beans.get("campaigns", Campaigns.class));
        Jdbc jdbc = beans.get("ledgerJdbc", Jdbc.class);
        Clock clock = beans.get("ledgerClock", Clock.class);
        NumberHashes hashes = beans.get("numberHashes", NumberHashes.class);
        boolean postgres = beans.get("ledgerDatabase", LedgerDatabase.class).isPostgres();
        RetentionJob.Limits limits = new RetentionJob.Limits(Duration.ofDays(leadDays), Duration.ofDays(fileDays),
                Duration.ofDays(webhookEventDays), Duration.ofDays(deadLetterDays), pageSize, maxPages);
        beans.bind("retentionJob", new RetentionJob(new RetentionSweep(jdbc, clock, hashes, postgres),
                new FileRetention(Path.of(dataDir), new BatchStore(jdbc, clock), SftpUploads.SOURCE), limits, clock));
        PersonalData personalData = personalData(beans, beans.get("doNotCallList", DoNotCallList.class), region);
        beans.bind("personalData", personalData);
        PersonAdminEndpoints admin = new PersonAdminEndpoints(personalData, Settings.orNull(managementToken) != null);
        OperationsSetup.onManagementRouter(context, "the admin endpoints", admin::addTo);
    }

    /** A person's erasure and export over the ledger's beans; {@code region}: how numbers without +country read. */
    static PersonalData personalData(Beans beans, DoNotCallList doNotCall, String region) {
        Jdbc jdbc = beans.get("ledgerJdbc", Jdbc.class);
        NumberHashes hashes = beans.get("numberHashes", NumberHashes.class);
        return new PersonalData(new PhoneNormalizer(region),
                new PersonErasure(jdbc, beans.get("ledgerClock", Clock.class), hashes, doNotCall),
                new PersonExport(jdbc, hashes));
    }

    /**
     * A rule that forbids a redial for a while ({@code no_redial_after}) looks for the number's earlier
     * calls; a lead reduced before that time is over takes its number with it, and the number could be
     * called again too soon. Refused at start, naming the rule, unless leads are kept at least that long.
     */
    static void leadRetentionOutlastsTheCallingRules(int leadDays, Campaigns campaigns) {
        if (leadDays == 0) {
            return;
        }
        for (Campaign campaign : campaigns.all()) {
            for (JurisdictionRule rule : campaign.policy().rules().rules().values()) {
                if (rule.noRedialFor() != null && rule.noRedialFor().compareTo(Duration.ofDays(leadDays)) > 0) {
                    throw new ConfigurationException("RETENTION_LEAD_DAYS (" + leadDays + ") is shorter than the "
                            + rule.noRedialFor().toHours() + " h that calling rule " + rule.id() + " of campaign "
                            + campaign.id() + " (" + campaign.policy().rules().name() + ") forbids a redial for: a "
                            + "lead reduced sooner takes its number with it, and the number could be called again "
                            + "too soon. Set RETENTION_LEAD_DAYS to at least "
                            + (rule.noRedialFor().toHours() + 23) / 24 + ".");
                }
            }
        }
    }
}
