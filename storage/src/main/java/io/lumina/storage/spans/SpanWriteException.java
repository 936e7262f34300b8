package io.lumina.storage.spans;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * A batch of spans was not written, and nothing of it was. {@link #isOutage()} tells whether the
 * database (rather than the data) is the problem, so the caller can wait for it instead of setting
 * the batch aside.
 */
public final class SpanWriteException extends Exception {
  private final String sqlState;
  private final boolean outage;

  public SpanWriteException(SQLException cause) {
    super(cause.getMessage(), cause);
    this.sqlState = cause.getSQLState();
    this.outage = isOutage(cause);
  }

  /**
   * The SQLSTATE PostgreSQL (or the driver) gave, for logs and dead-letter reasons; may be null.
   */
  public String sqlState() {
    return sqlState;
  }

  /**
   * Whether the failure says the database is unavailable: no connection, the server shutting down
   * or out of resources, or a transient or recoverable driver error. When in doubt, ask {@link
   * SpanWriter#check()}: a database that does not answer is down whatever the error said.
   */
  public boolean isOutage() {
    return outage;
  }

  static boolean isOutage(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientException
        || e instanceof SQLRecoverableException
        || state == null
        || state.startsWith("08")
        || state.startsWith("53")
        || state.startsWith("57")
        || state.startsWith("58");
  }
}
