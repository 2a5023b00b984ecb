package dev.crmoutbound.dryrun;

import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.salesforce.SalesforceLeadIntake;
import dev.crmoutbound.salesforce.SalesforceMapping;
import dev.crmoutbound.salesforce.SalesforceRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The dry run's Salesforce part: the records the configured SOQL returns now, judged as the real intake
 * would judge them, into {@code salesforce.dry-run.csv}. Nothing is claimed or written in Salesforce.
 */
public class SalesforceDryRun {

    private final DryRun dryRun;
    private final SalesforceLeadIntake intake;
    private final SalesforceMapping mapping;
    private final LeadIntakeWriter ledgerKeys;
    private DryRunReport report;

    public SalesforceDryRun(DryRun dryRun, SalesforceLeadIntake intake, SalesforceMapping mapping,
                            LeadIntakeWriter ledgerKeys) {
        this.dryRun = dryRun;
        this.intake = intake;
        this.mapping = mapping;
        this.ledgerKeys = ledgerKeys;
    }

    public synchronized void add(SalesforceRecord record) {
        if (report == null) {
            report = new DryRunReport(dryRun.reportFile("salesforce"), columns(), dryRun.now());
        }
        IncomingLead lead = intake.preview(record);
        List<String> cells = new ArrayList<>(Arrays.asList(record.getId(), record.text(mapping.phoneField())));
        String taken = ledgerKeys.heldBy(lead.campaignId(), LeadIntakeWriter.KEY_RECORD, record.getId()).orElse(null);
        report.add(cells, taken != null
                ? Verdict.reject(lead.campaignId(), "already taken in (" + taken + "); not called again in this campaign")
                : dryRun.judge(lead, "record " + record.getId()));
    }

    /** Closes the report; returns the summary line. */
    public synchronized String finish() {
        if (report == null) {
            return "Dry run: Salesforce: the query returns no records";
        }
        report.close();
        String counts = report.counts();
        report = null;
        return "Dry run: Salesforce: " + counts + "; report in "
                + dryRun.reportDir().relativize(dryRun.reportFile("salesforce"));
    }

    private List<String> columns() {
        return List.of("Id", mapping.phoneField());
    }
}
