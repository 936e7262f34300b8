package io.lumina.bench.e2e;

import io.lumina.testing.TestDatabase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what the worker stored for one phase (its spans carry {@code service.name =
 * <phase>-<service>}), through the {@code (project_id, service_name, start_time)} index so polling
 * stays cheap.
 */
public final class StoreProbe implements AutoCloseable {
  private final Connection connection;
  private final Array services;

  public StoreProbe(TestDatabase db, String phase) throws SQLException {
    this.connection = db.connect();
    List<String> names = new ArrayList<>();
    for (String s : TrafficGenerator.SERVICES) {
      names.add(phase + "-" + s);
    }
    this.services = connection.createArrayOf("text", names.toArray());
  }

  public long stored() throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT count(*) FROM spans WHERE project_id = 'default' AND service_name = ANY(?)")) {
      p.setArray(1, services);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** p50, p95, p99 of stored_at - received_at in ms (the worker's insert time, not its commit). */
  public double[] receivedToStoredMillis() throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            """
        SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP
               (ORDER BY extract(epoch FROM stored_at - received_at) * 1000)
        FROM spans WHERE project_id = 'default' AND service_name = ANY(?)""")) {
      p.setArray(1, services);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        Array a = rs.getArray(1);
        if (a == null) {
          return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        Double[] v = (Double[]) a.getArray();
        return new double[] {v[0], v[1], v[2]};
      }
    }
  }

  /**
   * The SQL condition selecting this phase's rows, for {@link CopyCeiling} (built from constants
   * only).
   */
  public static String where(String phase) {
    StringBuilder sb = new StringBuilder("project_id = 'default' AND service_name IN (");
    for (int i = 0; i < TrafficGenerator.SERVICES.length; i++) {
      sb.append(i > 0 ? "," : "")
          .append('\'')
          .append(phase)
          .append('-')
          .append(TrafficGenerator.SERVICES[i])
          .append('\'');
    }
    return sb.append(')').toString();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
