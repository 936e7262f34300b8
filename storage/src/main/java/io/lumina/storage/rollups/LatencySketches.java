package io.lumina.storage.rollups;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every statement that writes {@code span_latency_sketches_hourly}, and the sketches themselves:
 * per project, hour, service, model and provider (the key of {@code span_rollups_hourly}, buckets
 * chosen as {@link HourlyRollups} chooses them), a DDSketch of the latencies of every span and one
 * of the LLM calls counted once ({@link CountedSpans}), with their exact count, sum and maximum.
 * Latency percentiles of any window and grouping merge these instead of scanning spans.
 *
 * <p>The sketch keeps {@value #RELATIVE_ACCURACY} relative accuracy: a latency it returns for a
 * rank is within 1% of the true latency of that rank, and {@link Latencies#quantile} is within 1%
 * of {@code percentile_cont} over the same spans (docs/api.md, "Latency percentiles"). Its store
 * keeps at most {@value #MAX_BINS} bins, so a sketch stays a few kilobytes whatever it holds; 2048
 * bins at 1% span a ratio of e^40 between the smallest and largest latency before the lowest bins
 * are folded together, far beyond any real range.
 *
 * <p>A writer adds only the spans its insert really added, in the transaction that stored them:
 * {@link #add} first creates missing rows empty, then locks every row of the batch with {@code
 * SELECT ... FOR UPDATE} in key order, merges in Java and writes the merged sketch back. Two
 * writers on the same keys therefore queue on the row locks in the same order (after the rollup
 * rows of the same keys, which every writer locks first in the same order) and neither overwrites
 * the other.
 */
public final class LatencySketches {
  /** The sketches' relative accuracy. */
  public static final double RELATIVE_ACCURACY = 0.01;

  /** The most bins one sketch keeps. */
  static final int MAX_BINS = 2048;

  private static final String KEY_COLUMNS =
      "project_id, hour, service_name, model, provider, llm_calls";

  /** The keys of a batch, from six parallel arrays. */
  private static final String KEYS =
      "SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS timestamptz[]), CAST(? AS text[]),"
          + " CAST(? AS text[]), CAST(? AS text[]), CAST(? AS boolean[]))";

  private static final String CREATE_MISSING =
      "INSERT INTO span_latency_sketches_hourly ("
          + KEY_COLUMNS
          + ")\n"
          + KEYS
          + " ORDER BY 1, 2, 3, 4, 5, 6\nON CONFLICT DO NOTHING";

  private static final String LOCK =
      "SELECT "
          + KEY_COLUMNS
          + ", span_count, latency_ms_sum, latency_ms_max, sketch\n"
          + "FROM span_latency_sketches_hourly WHERE ("
          + KEY_COLUMNS
          + ") IN ("
          + KEYS
          + ")\nORDER BY 1, 2, 3, 4, 5, 6 FOR UPDATE";

  private static final String UPDATE =
      """
      UPDATE span_latency_sketches_hourly
      SET span_count = ?, latency_ms_sum = ?, latency_ms_max = ?, sketch = ?
      WHERE project_id = ? AND hour = ? AND service_name = ? AND model = ? AND provider = ?
        AND llm_calls = ?""";

  /**
   * Per bucket of the span rows of {@code %s}, their latencies: of every span ({@code all_ms}) and
   * of the LLM calls counted once ({@code llm_ms}, null when there is none).
   */
  private static final String LATENCIES_OF =
      """
      SELECT project_id, HOUR_OF_START AS hour, service_name, BUCKET_MODEL AS model,
             BUCKET_PROVIDER AS provider, array_agg(latency_ms) AS all_ms,
             array_agg(latency_ms) FILTER (WHERE is_llm AND COUNTED) AS llm_ms
      FROM %s
      GROUP BY 1, 2, 3, 4, 5"""
          .replace("HOUR_OF_START", HourlyRollups.HOUR_OF_START)
          .replace("BUCKET_MODEL", HourlyRollups.bucketModel(""))
          .replace("BUCKET_PROVIDER", HourlyRollups.bucketProvider(""))
          .replace("COUNTED", CountedSpans.condition(""));

  /** Every stored span of {@code [from, to)}, one row each, with its bucket and whether counted. */
  private static final String STORED =
      """
      SELECT project_id, HOUR_OF_START AS hour, service_name, BUCKET_MODEL AS model,
             BUCKET_PROVIDER AS provider, is_llm AND COUNTED AS llm_call, latency_ms
      FROM spans WHERE start_time >= ? AND start_time < ?"""
          .replace("HOUR_OF_START", HourlyRollups.HOUR_OF_START)
          .replace("BUCKET_MODEL", HourlyRollups.bucketModel(""))
          .replace("BUCKET_PROVIDER", HourlyRollups.bucketProvider(""))
          .replace("COUNTED", CountedSpans.condition(""));

  private static final String DELETE_WINDOW =
      "DELETE FROM span_latency_sketches_hourly WHERE hour >= ? AND hour < ?";

  private static final String INSERT =
      "INSERT INTO span_latency_sketches_hourly ("
          + KEY_COLUMNS
          + ", span_count, latency_ms_sum, latency_ms_max, sketch)\n"
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Rows fetched at a time when rebuilding from stored spans. */
  private static final int FETCH = 10_000;

  private LatencySketches() {}

  /** One sketch row's key: a rollup bucket, and whether the sketch holds LLM calls only. */
  public record Key(
      String projectId,
      Instant hour,
      String service,
      String model,
      String provider,
      boolean llmCalls) {}

  /** An empty sketch with the relative accuracy and bin bound every stored sketch has. */
  public static DDSketch newSketch() {
    return DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS);
  }

  /** The sketch's compact encoding (index mapping included), as stored. */
  public static byte[] encode(DDSketch sketch) {
    GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
    try {
      sketch.encode(out, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.trimmedCopy();
  }

  /** Adds the stored sketch {@code encoded} to {@code into}. */
  public static void mergeEncoded(DDSketch into, byte[] encoded) {
    try {
      into.decodeAndMergeWith(ByteArrayInput.wrap(encoded));
    } catch (IOException e) {
      throw new IllegalStateException("stored latency sketch is malformed", e);
    }
  }

  /**
   * The statement that, per bucket, lists the latencies of the span rows of {@code relation} (a
   * common table expression of newly stored spans with at least {@link
   * TraceSummaries#SPAN_COLUMNS}); {@link #collect} reads its rows.
   */
  public static String latenciesOf(String relation) {
    return LATENCIES_OF.formatted(relation);
  }

  /**
   * Reads the rows of a {@link #latenciesOf} statement into {@code into}; returns how many spans
   * they held.
   */
  public static int collect(ResultSet rs, Map<Key, Latencies> into) throws SQLException {
    int spans = 0;
    while (rs.next()) {
      Instant hour = rs.getObject("hour", OffsetDateTime.class).toInstant();
      String project = rs.getString("project_id");
      String service = rs.getString("service_name");
      String model = rs.getString("model");
      String provider = rs.getString("provider");
      spans +=
          addAll(
              into, new Key(project, hour, service, model, provider, false), rs.getArray("all_ms"));
      addAll(into, new Key(project, hour, service, model, provider, true), rs.getArray("llm_ms"));
    }
    return spans;
  }

  private static int addAll(Map<Key, Latencies> into, Key key, Array array) throws SQLException {
    if (array == null) {
      return 0;
    }
    Object[] values = (Object[]) array.getArray();
    Latencies latencies = into.computeIfAbsent(key, k -> new Latencies());
    for (Object value : values) {
      latencies.add(((Number) value).doubleValue());
    }
    return values.length;
  }

  /**
   * Adds {@code added} to the stored sketches, in the caller's transaction: creates missing rows,
   * locks all of them in key order, merges and writes them back.
   */
  public static void add(Connection c, Map<Key, Latencies> added) throws SQLException {
    if (added.isEmpty()) {
      return;
    }
    List<Key> keys = List.copyOf(added.keySet());
    try (PreparedStatement ps = c.prepareStatement(CREATE_MISSING)) {
      bindKeys(c, ps, keys);
      ps.executeUpdate();
    }
    Map<Key, Latencies> merged = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(LOCK)) {
      bindKeys(c, ps, keys);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Key key =
              new Key(
                  rs.getString(1),
                  rs.getObject(2, OffsetDateTime.class).toInstant(),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getBoolean(6));
          Latencies mine = added.get(key);
          if (mine != null) {
            Latencies stored = new Latencies();
            stored.addStored(rs, 7);
            stored.merge(mine);
            merged.put(key, stored);
          }
        }
      }
    }
    if (merged.size() != added.size()) {
      throw new IllegalStateException(
          "locked " + merged.size() + " latency sketch rows of " + added.size());
    }
    try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
      for (Map.Entry<Key, Latencies> e : merged.entrySet()) {
        Latencies l = e.getValue();
        bindMeasures(ps, 1, l);
        bindKey(ps, 5, e.getKey());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Writes the sketches of whole UTC hours {@code [from, to)} again from the stored spans, for
   * every project, in the caller's transaction: deletes those hours' sketch rows, then reads the
   * spans once (streamed, {@value #FETCH} rows at a time) and inserts one row per key. Used to give
   * sketches to spans stored before sketches existed, and by tools that load spans directly.
   * Returns the number of sketch rows written.
   */
  public static int rebuild(Connection c, Instant from, Instant to) throws SQLException {
    OffsetDateTime start = OffsetDateTime.ofInstant(from, ZoneOffset.UTC);
    OffsetDateTime end = OffsetDateTime.ofInstant(to, ZoneOffset.UTC);
    Map<Key, Latencies> sketches = new HashMap<>();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false); // the driver streams a result only inside a transaction
    try {
      try (PreparedStatement ps = c.prepareStatement(DELETE_WINDOW)) {
        ps.setObject(1, start);
        ps.setObject(2, end);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(STORED)) {
        ps.setFetchSize(FETCH);
        ps.setObject(1, start);
        ps.setObject(2, end);
        try (ResultSet rs = ps.executeQuery()) {
          RowKeys keys = new RowKeys();
          while (rs.next()) {
            double latency = rs.getDouble(7);
            Key all = keys.of(rs);
            sketches.computeIfAbsent(all, k -> new Latencies()).add(latency);
            if (rs.getBoolean(6)) {
              sketches.computeIfAbsent(keys.llmCalls(), k -> new Latencies()).add(latency);
            }
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        for (Map.Entry<Key, Latencies> e : sketches.entrySet()) {
          bindKey(ps, 1, e.getKey());
          bindMeasures(ps, 7, e.getValue());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      if (autoCommit) {
        c.commit();
      }
    } catch (SQLException | RuntimeException e) {
      if (autoCommit) {
        c.rollback();
      }
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
    return sketches.size();
  }

  /** The six key columns, in table order, from parameter {@code first}. */
  private static void bindKey(PreparedStatement ps, int first, Key k) throws SQLException {
    ps.setString(first, k.projectId());
    ps.setObject(first + 1, OffsetDateTime.ofInstant(k.hour(), ZoneOffset.UTC));
    ps.setString(first + 2, k.service());
    ps.setString(first + 3, k.model());
    ps.setString(first + 4, k.provider());
    ps.setBoolean(first + 5, k.llmCalls());
  }

  /** Count, sum, maximum and encoded sketch, from parameter {@code first}. */
  private static void bindMeasures(PreparedStatement ps, int first, Latencies l)
      throws SQLException {
    ps.setLong(first, l.count());
    ps.setDouble(first + 1, l.sum());
    ps.setDouble(first + 2, l.max());
    ps.setBytes(first + 3, encode(l.sketch()));
  }

  private static void bindKeys(Connection c, PreparedStatement ps, List<Key> keys)
      throws SQLException {
    int n = keys.size();
    String[] projects = new String[n];
    String[] hours = new String[n];
    String[] services = new String[n];
    String[] models = new String[n];
    String[] providers = new String[n];
    Boolean[] llmCalls = new Boolean[n];
    for (int i = 0; i < n; i++) {
      Key k = keys.get(i);
      projects[i] = k.projectId();
      hours[i] = k.hour().toString(); // ISO-8601 in UTC, read as timestamptz whatever the zone
      services[i] = k.service();
      models[i] = k.model();
      providers[i] = k.provider();
      llmCalls[i] = k.llmCalls();
    }
    ps.setArray(1, c.createArrayOf("text", projects));
    ps.setArray(2, c.createArrayOf("text", hours));
    ps.setArray(3, c.createArrayOf("text", services));
    ps.setArray(4, c.createArrayOf("text", models));
    ps.setArray(5, c.createArrayOf("text", providers));
    ps.setArray(6, c.createArrayOf("boolean", llmCalls));
  }

  /**
   * The key of the current row of {@link #STORED}, reused while consecutive rows share it, so that
   * streaming millions of spans does not build a key per span.
   */
  private static final class RowKeys {
    private Key all;
    private Key llmCalls;

    Key of(ResultSet rs) throws SQLException {
      String project = rs.getString(1);
      Instant hour = rs.getObject(2, OffsetDateTime.class).toInstant();
      String service = rs.getString(3);
      String model = rs.getString(4);
      String provider = rs.getString(5);
      if (all == null
          || !all.hour().equals(hour)
          || !all.projectId().equals(project)
          || !all.service().equals(service)
          || !all.model().equals(model)
          || !all.provider().equals(provider)) {
        all = new Key(project, hour, service, model, provider, false);
        llmCalls = new Key(project, hour, service, model, provider, true);
      }
      return all;
    }

    Key llmCalls() {
      return llmCalls;
    }
  }

  /**
   * Latencies of one key or group: exact count, sum and maximum, and the sketch for quantiles. Not
   * thread-safe.
   */
  public static final class Latencies {
    private long count;
    private double sum;
    private double max = Double.NEGATIVE_INFINITY;
    private final DDSketch sketch;

    public Latencies() {
      this(newSketch());
    }

    private Latencies(DDSketch sketch) {
      this.sketch = sketch;
    }

    /**
     * Adds a stored row's latencies, from its columns span_count, latency_ms_sum, latency_ms_max
     * and sketch starting at {@code column}; the sketch is decoded straight into this one.
     */
    public void addStored(ResultSet rs, int column) throws SQLException {
      count += rs.getLong(column);
      sum += rs.getDouble(column + 1);
      double storedMax = rs.getDouble(column + 2);
      if (!rs.wasNull()) {
        max = Math.max(max, storedMax);
      }
      byte[] encoded = rs.getBytes(column + 3);
      if (encoded != null) {
        mergeEncoded(sketch, encoded);
      }
    }

    public void add(double latencyMs) {
      count++;
      sum += latencyMs;
      max = Math.max(max, latencyMs);
      sketch.accept(latencyMs);
    }

    public void merge(Latencies other) {
      count += other.count;
      sum += other.sum;
      max = Math.max(max, other.max);
      sketch.mergeWith(other.sketch);
    }

    public long count() {
      return count;
    }

    public double sum() {
      return sum;
    }

    /** The largest latency, or 0 when empty. */
    public double max() {
      return count == 0 ? 0 : max;
    }

    public double average() {
      return count == 0 ? 0 : sum / count;
    }

    /**
     * The continuous percentile {@code q} (0 to 1) as PostgreSQL's {@code percentile_cont} defines
     * it, within the sketch's relative accuracy: the latencies of the two ranks around {@code q(n -
     * 1)} come from the sketch (each within {@link #RELATIVE_ACCURACY} of the true one) and are
     * interpolated as {@code percentile_cont} interpolates, so the answer is within the same
     * relative error of {@code percentile_cont} over the same spans.
     */
    public double quantile(double q) {
      if (count == 0) {
        return 0;
      }
      double rank = q * (count - 1);
      long below = (long) Math.floor(rank);
      long above = (long) Math.ceil(rank);
      double low = atRank(below);
      return above == below ? low : low + (rank - below) * (atRank(above) - low);
    }

    /**
     * The latency of 0-based rank {@code k}. The sketch returns the value of the first bin whose
     * cumulative count exceeds {@code quantile (n - 1)}; asking for {@code k + 0.5} lands on rank
     * {@code k} whatever the rounding of the division.
     */
    private double atRank(long k) {
      return sketch.getValueAtQuantile(Math.min(1.0, (k + 0.5) / (count - 1)));
    }

    DDSketch sketch() {
      return sketch;
    }
  }
}
