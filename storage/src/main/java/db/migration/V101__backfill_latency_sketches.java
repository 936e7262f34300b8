package db.migration;

import io.lumina.storage.rollups.LatencySketches;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Gives the spans stored before latency sketches existed their sketches: one pass per day partition
 * of {@code spans} ({@link LatencySketches#rebuild}), so that memory holds one day's sketches at a
 * time. Rebuilding replaces a day's sketch rows, so running it again writes the same rows.
 */
public class V101__backfill_latency_sketches extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    for (LocalDate day : partitionDays(c)) {
      LatencySketches.rebuild(
          c,
          day.atStartOfDay(ZoneOffset.UTC).toInstant(),
          day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
  }

  /** The days of the span partitions, oldest first. */
  static List<LocalDate> partitionDays(Connection c) throws SQLException {
    List<LocalDate> days = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT d::date FROM lumina_span_partitions() p,"
                    + " generate_series(p.from_day, p.to_day - 1, interval '1 day') d"
                    + " ORDER BY 1");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        days.add(rs.getObject(1, LocalDate.class));
      }
    }
    return days;
  }
}
