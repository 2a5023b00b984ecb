package dev.crmoutbound.app;

import dev.crmoutbound.support.TestSettings;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SFTP inbox's subfolders are campaign folders, so the drop's other folders must lie outside it. */
class SftpFoldersTest {

    private static Settings settings(Map<String, String> values) {
        return TestSettings.of(values);
    }

    @Test
    void foldersBesideTheInboxAreFine() {
        assertThatCode(() -> SftpDropSetup.outsideTheInbox(settings(Map.of("sftp.processed", "exports/done",
                "sftp.error", "exports/rejected", "sftp.results", "exports/leads-results")), "exports/leads"))
                .doesNotThrowAnyException();
    }

    @Test
    void aProcessedFolderInsideTheInboxIsRefused() {
        assertThatThrownBy(() -> SftpDropSetup.outsideTheInbox(settings(Map.of("sftp.processed", "exports/leads/done")),
                "exports/leads/"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("SFTP_PROCESSED (exports/leads/done) must not lie inside SFTP_INBOX");
    }

    @Test
    void theHomeFolderAsInboxHoldsTheDefaultFolders() {
        assertThatThrownBy(() -> SftpDropSetup.outsideTheInbox(settings(Map.of()), "."))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("SFTP_PROCESSED (processed) must not lie inside SFTP_INBOX (.)");
    }

    @Test
    void anAbsoluteFolderIsRefusedWithWhatWorksInstead() {
        assertThatThrownBy(() -> SftpDropSetup.relativeFolders(settings(Map.of("sftp.inbox", "/srv/exports/leads"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("SFTP_INBOX (/srv/exports/leads) is an absolute path")
                .hasMessageContaining("../../srv/leads");
        assertThatCode(() -> SftpDropSetup.relativeFolders(settings(Map.of("sftp.inbox", "../../srv/exports/leads"))))
                .doesNotThrowAnyException();
    }
}
