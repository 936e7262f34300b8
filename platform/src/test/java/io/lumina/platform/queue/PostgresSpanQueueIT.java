package io.lumina.platform.queue;

import io.lumina.queue.postgres.PostgresSpanQueue;
import io.lumina.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/** The span queue contract against the PostgreSQL table used by the all-in-one mode. */
class PostgresSpanQueueIT extends SpanQueueContract {
  private static PGSimpleDataSource dataSource;

  @BeforeAll
  static void migrate() {
    TestDatabase db = TestDatabase.shared();
    dataSource = new PGSimpleDataSource();
    dataSource.setUrl(db.jdbcUrl());
    dataSource.setUser(db.user());
    dataSource.setPassword(db.password());
    Flyway.configure().dataSource(dataSource).load().migrate();
  }

  @Override
  protected Fixture newQueue() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE span_queue");
    }
    PostgresSpanQueue queue = new PostgresSpanQueue(dataSource, ACK_WAIT, 1024 * 1024);
    return new Fixture(queue, queue, new PostgresSpanQueue(dataSource, ACK_WAIT, 1024 * 1024));
  }
}
