package dev.crmoutbound.app;

import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.dialer.DialGate;
import dev.crmoutbound.dryrun.DryRun;
import dev.crmoutbound.intake.CsvLeadIntake;
import dev.crmoutbound.intake.CsvLeadReader;
import dev.crmoutbound.intake.LeadColumns;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.DoNotCallList;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ledger.LeadFileClaims;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.ledger.ResultRows;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.QuietPollStrategy;
import dev.crmoutbound.policy.LeadScreening;
import dev.crmoutbound.results.ResultsCsvWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * Lead files (file drop and SFTP): read, checked and written into the ledger in bulk, and their results
 * files written. In a dry run, the report of what would be called instead.
 */
public class FileIntakeSetup implements CamelConfiguration {

    @PropertyInject("csv.phone-column")
    private String phoneColumn;
    @PropertyInject("csv.id-column")
    private String idColumn;
    @PropertyInject("csv.campaign-column")
    private String campaignColumn;
    @PropertyInject("intake.max-retries")
    private int maxRetries;
    @PropertyInject("intake.max-starts")
    private int maxStarts;
    @PropertyInject(value = "dry-run", defaultValue = "false")
    private boolean dryRun;

    @Override
    public void configure(CamelContext context) {
        Beans beans = new Beans(context);
        Jdbc jdbc = beans.get("ledgerJdbc", Jdbc.class);
        Clock clock = beans.get("ledgerClock", Clock.class);
        Campaigns campaigns = beans.get("campaigns", Campaigns.class);
        FaultLog faults = beans.get("faultLog", FaultLog.class);
        DialerSetup.ClusterInstance instance = beans.get("clusterInstance", DialerSetup.ClusterInstance.class);
        boolean postgres = beans.get("ledgerDatabase", LedgerDatabase.class).isPostgres();
        // data.dir as the ledger setup made it absolute
        Path data = Path.of(context.getPropertiesComponent().resolveProperty("data.dir").orElseThrow());

        LeadScreening screening = beans.get("leadScreening", LeadScreening.class);
        BatchStore batches = new BatchStore(jdbc, clock, postgres ? instance.id() : null, instance.timeout());
        CsvLeadReader reader = new CsvLeadReader(campaigns, screening, new LeadColumns.Names(optional(phoneColumn),
                optional(idColumn), optional(campaignColumn)), faults);
        LeadIntakeWriter writer = beans.get("leadIntakeWriter", LeadIntakeWriter.class);
        beans.bind("batchStore", batches);
        beans.bind("leadFileClaims", new LeadFileClaims(jdbc, clock, instance.id(), instance.timeout()));
        beans.bind("leadFilePollStrategy", new QuietPollStrategy(faults,
                "Taking in lead files (left in the inbox for a later poll)"));
        beans.bind("csvLeadIntake", new CsvLeadIntake(reader, batches, writer, data.resolve("processed"), maxRetries,
                maxStarts));
        beans.bind("resultsCsvWriter", new ResultsCsvWriter(batches, new ResultRows(jdbc), data.resolve("outbox"),
                data.resolve("processed")));
        if (dryRun) {
            beans.bind("dryRun", new DryRun(reader, writer, beans.get("doNotCallList", DoNotCallList.class),
                    beans.get("dialGate", DialGate.class), data.resolve("inbox"), data.resolve("outbox").resolve("dry-run")));
        }
    }

    private static Optional<String> optional(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
}
