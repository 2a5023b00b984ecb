package dev.crmoutbound.ledger;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2LedgerTest extends LedgerContract {

    @TempDir
    Path dir;

    @Override
    String jdbcUrl() {
        return LedgerDatabase.defaultH2Url(dir);
    }
}
