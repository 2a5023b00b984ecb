package dev.crmoutbound.sftp;

import dev.crmoutbound.ledger.InputFile;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a lead file out of the remote inbox once it is dealt with, through camel-ftp's own SFTP
 * operations and login. Only the very file that was read is moved: a newer file uploaded under the
 * same name is left in the inbox for the next poll, and a file already gone counts as moved.
 */
public class RemoteInputMover {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteInputMover.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final CamelContext context;
    private final String inboxUri;
    private final String inbox;
    private final String processed;
    private final String error;

    public RemoteInputMover(CamelContext context, String inboxUri, String inbox, String processed, String error) {
        this.context = context;
        this.inboxUri = inboxUri;
        this.inbox = trimSlash(inbox);
        this.processed = trimSlash(processed);
        this.error = trimSlash(error);
    }

    public boolean toProcessed(InputFile input) {
        return move(input, processed);
    }

    public boolean toError(String name, long size, long modified) {
        return move(new InputFile(SftpUploads.SOURCE, name, size, modified), error);
    }

    /**
     * Moves {@code inbox/<input name>} to {@code <folder>/<input name>}; the name may start with the
     * campaign subfolder. Returns false when there was nothing of this drop left to move.
     */
    private boolean move(InputFile input, String folder) {
        SftpEndpoint endpoint = context.getEndpoint(inboxUri, SftpEndpoint.class);
        RemoteFileOperations<SftpRemoteFile> ops;
        try {
            ops = endpoint.createRemoteFileOperations();
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up SFTP operations", e);
        }
        ops.connect(endpoint.getConfiguration(), null);
        try {
            String home = trimSlash(ops.getCurrentDirectory());
            int slash = input.name().lastIndexOf('/');
            String subfolder = slash < 0 ? "" : "/" + input.name().substring(0, slash);
            String onlyName = input.name().substring(slash + 1);
            String sourceDir = under(home, inbox) + subfolder;
            SftpRemoteFile<?> found = find(ops, sourceDir, onlyName);
            if (found == null) {
                LOG.info("{} is no longer in the SFTP inbox; nothing to move", input.name());
                return false;
            }
            if (found.getFileLength() != input.size() || found.getLastModified() != input.modified()) {
                LOG.info("{} in the SFTP inbox is a newer upload than the one read; left in place", input.name());
                return false;
            }
            String targetDir = under(home, folder) + subfolder;
            ops.buildDirectory(targetDir, true);
            String from = sourceDir + "/" + onlyName;
            String to = freeName(ops, targetDir, onlyName, input.modified());
            if (!ops.renameFile(from, to)) {
                throw new IllegalStateException("the SFTP server refused to move " + from + " to " + to);
            }
            LOG.info("Moved {} on the SFTP server to {}", input.name(), to);
            return true;
        } finally {
            ops.disconnect();
        }
    }

    private static SftpRemoteFile<?> find(RemoteFileOperations<SftpRemoteFile> ops, String dir, String name) {
        for (SftpRemoteFile<?> f : ops.listFiles(dir)) {
            if (!f.isDirectory() && f.getFilename().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** {@code <dir>/<name>}, or with the drop's upload time in it when an older drop holds that name. */
    private static String freeName(RemoteFileOperations<SftpRemoteFile> ops, String dir, String name, long modified) {
        String plain = dir + "/" + name;
        if (find(ops, dir, name) == null) {
            return plain;
        }
        int dot = name.lastIndexOf('.');
        String stamp = STAMP.format(Instant.ofEpochMilli(modified));
        return dot > 0 ? dir + "/" + name.substring(0, dot) + "-" + stamp + name.substring(dot) : plain + "-" + stamp;
    }

    private static String under(String home, String folder) {
        return folder.startsWith("/") ? folder : (home.endsWith("/") ? home : home + "/") + folder;
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
