package dev.crmoutbound.dryrun;

import dev.crmoutbound.dialer.DialGate;
import dev.crmoutbound.intake.CsvLeadReader;
import dev.crmoutbound.intake.LeadCsv;
import dev.crmoutbound.intake.UnreadableLeadFileException;
import dev.crmoutbound.ledger.DoNotCallList;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ledger.LeadRow;
import dev.crmoutbound.ledger.LeadState;
import dev.crmoutbound.policy.RecipientTimeZones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;

/**
 * {@code --dry-run}: reads the lead files waiting in the inbox and its campaign folders, in the order
 * the file drop would take them, applies every rule a real run applies (normalising, campaign, consent,
 * time zone and calling window, do-not-call list, duplicates against the ledger and each other, the
 * per-number attempt cap), and writes for each file what would be dialed and from when, or why not.
 * Nothing is called, moved or written to the ledger.
 */
public class DryRun {

    private static final int MAX_GATE_STEPS = 10;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_SOURCE_UNREAD = 4;

    private final CsvLeadReader reader;
    private final LeadIntakeWriter ledgerKeys;
    private final DoNotCallList doNotCall;
    private final DialGate gate;
    private final Path inbox;
    private final Path reportDir;
    /** Numbers and record keys taken by leads earlier in this dry run, per campaign, and by whom. */
    private final Map<String, String> heldInThisRun = new HashMap<>();
    private volatile int exitCode;

    public DryRun(CsvLeadReader reader, LeadIntakeWriter ledgerKeys, DoNotCallList doNotCall, DialGate gate,
                  Path inbox, Path reportDir) {
        this.reader = reader;
        this.ledgerKeys = ledgerKeys;
        this.doNotCall = doNotCall;
        this.gate = gate;
        this.inbox = inbox;
        this.reportDir = reportDir;
    }

    /** Writes a report per waiting file; returns the summary, a line per file. */
    public String run() {
        StringJoiner summary = new StringJoiner("\n");
        List<Path> files = waitingFiles();
        for (Path file : files) {
            String relative = inbox.relativize(file).toString().replace('\\', '/');
            summary.add(judgeFile(file, relative, CsvLeadReader.folderOf(relative), null));
        }
        if (files.isEmpty()) {
            summary.add("Dry run: no lead files are waiting in " + inbox);
        }
        return summary.toString();
    }

    /** A source could not be read, so the report leaves its leads out: the run exits with 4. */
    void sourceUnread() {
        if (exitCode == 0) {
            exitCode = EXIT_SOURCE_UNREAD;
        }
    }

    /** The dry run stopped on an error: it exits with 1. */
    public void failed() {
        exitCode = EXIT_FAILED;
    }

    /** 0 when every source was read and judged, 4 when one could not be read, 1 when the run failed. */
    public int exitCode() {
        return exitCode;
    }

    /** Where a source's report goes: {@code <report dir>/<name>.dry-run.csv}. */
    Path reportFile(String name) {
        return reportDir.resolve(name + ".dry-run.csv");
    }

    Path reportDir() {
        return reportDir;
    }

    Instant now() {
        return reader.screening().now();
    }

    /**
     * Judges one lead file's rows into {@code <name>.dry-run.csv}; {@code folder} and {@code campaignId}
     * select its campaign as the source's real intake would. Returns the summary line.
     */
    String judgeFile(Path file, String relative, String folder, String campaignId) {
        Path target = reportFile(relative.replaceFirst("(?i)\\.csv$", ""));
        try {
            List<String> headers = LeadCsv.header(file);
            CsvLeadReader.FileRows rows = reader.forFile(headers, folder, campaignId);
            DryRunReport report = new DryRunReport(target, headers, now());
            LeadCsv.read(file, new LeadCsv.RowHandler() {
                @Override
                public void header(List<String> ignored) {
                }

                @Override
                public void row(int rowNo, List<String> cells) {
                    IncomingLead lead = rows.lead(rowNo, cells);
                    report.add(cells, judge(lead, relative + " row " + rowNo));
                }
            });
            report.close();
            return "Dry run: " + relative + ": " + report.counts() + "; report in " + reportDir.relativize(target);
        } catch (UnreadableLeadFileException e) {
            return "Dry run: " + relative + " would go to the error folder: " + e.getMessage();
        }
    }

    /**
     * What a real run would do with this lead, in the order the intake and the dialer check things;
     * {@code name} is how a later duplicate refers to it (file and row, or record).
     */
    Verdict judge(IncomingLead lead, String name) {
        if (lead.rejectReason() != null) {
            return Verdict.reject(lead.campaignId(), lead.rejectReason());
        }
        if (doNotCall.isListed(lead.phoneE164())) {
            return Verdict.reject(lead.campaignId(), LeadIntakeWriter.ON_DNC_LIST);
        }
        List<String> keys = new ArrayList<>();
        for (String kind : List.of(LeadIntakeWriter.KEY_RECORD, LeadIntakeWriter.KEY_PHONE)) {
            String value = LeadIntakeWriter.KEY_RECORD.equals(kind) ? lead.sourceKey() : lead.phoneE164();
            if (value == null) {
                continue;
            }
            String key = lead.campaignId() + "|" + kind + "|" + value;
            String holder = ledgerKeys.heldBy(lead.campaignId(), kind, value).orElse(heldInThisRun.get(key));
            if (holder != null) {
                return Verdict.reject(lead.campaignId(), LeadIntakeWriter.duplicateReason(kind) + " (same as " + holder + ")");
            }
            keys.add(key);
        }
        keys.forEach(key -> heldInThisRun.put(key, name));
        return firstDial(lead);
    }

    /** Asks the dialer's gate from the time the lead's window opens until it says yes or no. */
    private Verdict firstDial(IncomingLead lead) {
        LeadRow row = new LeadRow(0, "dry-run", lead.campaignId(), LeadState.QUEUED, lead.phoneE164(), "dry-run",
                lead.sourceKey(), null, 0, 0, null, null, lead.timeZones(), null);
        Instant at = lead.notBefore();
        String waitedFor = null;
        // the rule that set the lead's first opening (its window, its jurisdiction's hours), else those it is under
        String rule = lead.deferredBy() != null ? lead.deferredBy() : gate.checkBeforeClaim(row).rule();
        for (int step = 0; step < MAX_GATE_STEPS; step++) {
            DialGate.Decision decision = gate.check(row, at);
            switch (decision.kind()) {
                case DIAL -> {
                    return Verdict.call(lead.campaignId(), at, RecipientTimeZones.parse(lead.timeZones()), waitedFor, rule);
                }
                case REFUSE -> {
                    return Verdict.reject(lead.campaignId(), decision.reason(), decision.rule());
                }
                default -> {
                    at = decision.until();
                    waitedFor = decision.reason();
                    rule = decision.rule() != null ? decision.rule() : rule;
                }
            }
        }
        return Verdict.call(lead.campaignId(), at, RecipientTimeZones.parse(lead.timeZones()), waitedFor, rule);
    }

    /** CSV files in the inbox and its campaign folders, oldest first, as the file drop takes them. */
    private List<Path> waitingFiles() {
        if (!Files.isDirectory(inbox)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(inbox, 2)) {
            List<Path> files = new ArrayList<>(walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase().endsWith(".csv")).toList());
            files.sort(Comparator.comparing(DryRun::modified).thenComparing(Path::toString));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + inbox, e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
