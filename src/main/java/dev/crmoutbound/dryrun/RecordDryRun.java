package dev.crmoutbound.dryrun;

import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.source.CrmRecord;
import dev.crmoutbound.source.RecordLeadIntake;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The dry run's part for one CRM: the records its query returns now, judged as the real intake would
 * judge them, into {@code <source>.dry-run.csv}. Nothing is claimed or written in the CRM.
 */
public class RecordDryRun {

    private final DryRun dryRun;
    private final RecordLeadIntake intake;
    private final String crm;
    private final String idColumn;
    private final LeadIntakeWriter ledgerKeys;
    private DryRunReport report;

    /** {@code idColumn} heads the report's record id column as the CRM names it ({@code Id}). */
    public RecordDryRun(DryRun dryRun, RecordLeadIntake intake, String crm, String idColumn,
                        LeadIntakeWriter ledgerKeys) {
        this.dryRun = dryRun;
        this.intake = intake;
        this.crm = crm;
        this.idColumn = idColumn;
        this.ledgerKeys = ledgerKeys;
    }

    public synchronized void add(CrmRecord record) {
        if (report == null) {
            report = new DryRunReport(dryRun.reportFile(intake.source()), columns(), dryRun.now());
        }
        IncomingLead lead = intake.preview(record);
        List<String> cells = new ArrayList<>(Arrays.asList(record.id(), record.text(intake.fields().phone())));
        String taken = ledgerKeys.heldBy(lead.campaignId(), LeadIntakeWriter.KEY_RECORD, record.id()).orElse(null);
        report.add(cells, taken != null
                ? Verdict.reject(lead.campaignId(), "already taken in (" + taken + "); not called again in this campaign")
                : dryRun.judge(lead, "record " + record.id()));
    }

    /** Closes the report; returns the summary line. */
    public synchronized String finish() {
        if (report == null) {
            return "Dry run: " + crm + ": the query returns no records";
        }
        report.close();
        String counts = report.counts();
        report = null;
        return "Dry run: " + crm + ": " + counts + "; report in "
                + dryRun.reportDir().relativize(dryRun.reportFile(intake.source()));
    }

    private List<String> columns() {
        return List.of(idColumn, intake.fields().phone());
    }
}
