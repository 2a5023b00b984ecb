package dev.crmoutbound.ledger;

import dev.crmoutbound.support.TestDatabase;

/** The same contract on PostgreSQL 127.0.0.1:5432, database test, each test in a fresh schema. */
class PostgresLedgerTest extends LedgerContract {

    @Override
    String jdbcUrl() {
        return TestDatabase.freshPostgresSchema();
    }
}
