package io.lumina.storage.database;

import com.zaxxer.hikari.HikariConfig;

/**
 * What every Lumina connection to PostgreSQL starts with, whichever pool opens it: sent as the
 * startup packet's {@code options}, so it costs no statement.
 *
 * <p>JIT off: PostgreSQL compiles a plan with LLVM once its estimated cost passes {@code
 * jit_above_cost} (100,000 by default), whatever it then really costs. The trace and span lists
 * read by key or walk an index to a {@code LIMIT}; their estimates grow with the data while their
 * work does not, so past some size they start paying 50 ms or more of compilation per call for
 * nothing. At 20M spans the rare-word trace list crossed the threshold and went from 10 ms to 146
 * ms (docs/performance.md, "JIT and the estimates that grow with the data").
 */
public final class SessionSettings {
  /** The connection's startup options, in PostgreSQL's {@code -c name=value} form. */
  public static final String OPTIONS = "-c jit=off";

  private static final String PROPERTY = "options";

  private SessionSettings() {}

  /**
   * Adds {@link #OPTIONS} to the pool's driver properties after any {@code options} the operator
   * set there ({@code spring.datasource.hikari.data-source-properties.options}); an operator's own
   * {@code -c jit=...} there wins. A URL's {@code options} parameter replaces both: the driver
   * prefers the URL.
   */
  public static void applyTo(HikariConfig pool) {
    Object set = pool.getDataSourceProperties().get(PROPERTY);
    String operator = set == null ? "" : set.toString().strip();
    if (!operator.contains("jit=")) {
      pool.addDataSourceProperty(PROPERTY, operator.isEmpty() ? OPTIONS : operator + " " + OPTIONS);
    }
  }
}
