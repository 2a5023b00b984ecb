package dev.crmoutbound.ledger;

import dev.crmoutbound.support.TestDatabase;

/** Instances on PostgreSQL 127.0.0.1:5432, database test, each test in a fresh schema. */
class PostgresConcurrentDeliveriesTest extends ConcurrentDeliveriesContract {

    @Override
    String jdbcUrl() {
        return TestDatabase.freshPostgresSchema();
    }

    @Override
    boolean writingAnEventWaits(Jdbc jdbc) {
        return jdbc.queryOne("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO webhook_event%'", rs -> rs.getInt(1)).orElse(0) > 0;
    }
}
