package dev.crmoutbound.dryrun;

import dev.crmoutbound.intake.CsvLeadReader;
import dev.crmoutbound.sftp.SftpTroubleLog;
import java.io.File;
import java.time.Duration;
import java.util.StringJoiner;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dry run's SFTP part: downloads each lead file waiting in the remote inbox (one the drop has not
 * taken yet), leaves it where it is, and judges its rows as the drop's intake would. The inbox counts
 * as read once a poll finds no further file; a server that cannot be reached is reported as such.
 */
public class SftpDryRun {

    private static final Logger LOG = LoggerFactory.getLogger(SftpDryRun.class);

    private final DryRun dryRun;
    private final CamelContext context;
    private final String inboxUri;
    private final String server;
    private final String campaignId;
    private final Duration wait;
    private final Duration giveUp;

    public SftpDryRun(DryRun dryRun, CamelContext context, String inboxUri, String server, String campaignId,
                      Duration wait, Duration giveUp) {
        this.dryRun = dryRun;
        this.context = context;
        this.inboxUri = inboxUri;
        this.server = server;
        this.campaignId = campaignId;
        this.wait = wait;
        this.giveUp = giveUp;
    }

    /** Writes {@code sftp/<name>.dry-run.csv} per waiting file; returns the summary, a line per file. */
    public String run() throws Exception {
        StringJoiner summary = new StringJoiner("\n");
        int files = 0;
        long lastAnswer = System.nanoTime();
        try (ConsumerTemplate inbox = context.createConsumerTemplate()) {
            while (true) {
                Exchange file;
                try {
                    file = inbox.receive(inboxUri, wait.toMillis());
                } catch (RuntimeException e) {
                    return unread(summary, SftpTroubleLog.explain(e));
                }
                if (file == null && Duration.ofNanos(System.nanoTime() - lastAnswer).compareTo(giveUp) > 0) {
                    return unread(summary, "no answer for " + giveUp.toSeconds() + " s");
                }
                if (file == null) {
                    LOG.info("Dry run: still reading the SFTP inbox on {}", server);
                    continue;
                }
                lastAnswer = System.nanoTime();
                try {
                    String name = file.getIn().getHeader(Exchange.FILE_NAME, String.class);
                    if (name == null) {
                        break; // a poll found no further file
                    }
                    summary.add(dryRun.judgeFile(file.getIn().getBody(File.class).toPath(), "sftp/" + name,
                            CsvLeadReader.folderOf(name), campaignId));
                    files++;
                } finally {
                    inbox.doneUoW(file);
                }
            }
        }
        if (files == 0) {
            summary.add("Dry run: SFTP: no lead files are waiting in the inbox on " + server);
        }
        return summary.toString();
    }

    private String unread(StringJoiner summary, String why) {
        dryRun.sourceUnread();
        LOG.warn("Dry run: SFTP inbox on {}: {}", server, why);
        summary.add("Dry run: SFTP: the inbox on " + server + " could not be read (" + why + "); the leads waiting "
                + "there are not in this report");
        return summary.toString();
    }
}
