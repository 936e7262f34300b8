package io.lumina.dashboard.replay;

import io.lumina.api.replay.DiffOp;
import io.lumina.api.replay.DiffView;
import io.lumina.api.replay.RunView;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A replay run and its diff as the run page shows them, from the engine's {@link RunView} and
 * {@link DiffView}: figures rounded and signed for reading.
 */
public record RunPage(
    String id,
    String setId,
    String status,
    boolean finished,
    String provider,
    String model,
    int done,
    int total,
    List<Stat> summary,
    String error) {

  public record Stat(String label, String value) {}

  /** One diff run of words: {@code op} is equal, insert or delete. */
  public record Op(String op, String text) {}

  public record Item(
      String position,
      String traceId,
      String original,
      String replayed,
      List<Op> ops,
      String similarity,
      String costDelta,
      String latencyDelta,
      String error) {
    public List<Op> left() {
      return ops.stream().filter(o -> !o.op().equals("insert")).toList();
    }

    public List<Op> right() {
      return ops.stream().filter(o -> !o.op().equals("delete")).toList();
    }
  }

  public String percent() {
    return total <= 0 ? "0" : Integer.toString(Math.min(100, 100 * done / total));
  }

  static RunPage of(RunView run) {
    RunView.Progress progress = run.progress();
    return new RunPage(
        run.id(),
        run.setId(),
        run.status() == null ? "unknown" : run.status().db(),
        run.status() != null && run.status().finished(),
        run.provider(),
        run.model(),
        progress == null ? 0 : progress.done(),
        progress == null ? 0 : progress.total(),
        summary(run.summary()),
        run.error());
  }

  /**
   * The summary's figures in the engine's order, then the nested cost and latency changes: the
   * figures a reader looks for first. A figure the engine could not compute yet shows empty.
   */
  private static List<Stat> summary(RunView.Summary s) {
    List<Stat> stats = new ArrayList<>();
    if (s == null) {
      return stats;
    }
    stats.add(new Stat("mean similarity", figure(s.meanSimilarity())));
    stats.add(new Stat("exact match rate", figure(s.exactMatchRate())));
    stats.add(new Stat("changed count", figure((double) s.changedCount())));
    stats.add(new Stat("failed count", figure((double) s.failedCount())));
    stats.add(new Stat("regression count", figure((double) s.regressionCount())));
    stats.add(new Stat("regression threshold", figure(s.regressionThreshold())));
    RunView.CostChange cost = s.cost();
    addStat(stats, "total cost change", usd(cost == null ? null : decimal(cost.totalChangeUsd())));
    addStat(
        stats, "total cost change %", signed(cost == null ? null : cost.totalChangePercent(), "%"));
    RunView.LatencyChange latency = s.latency();
    addStat(
        stats,
        "mean latency change",
        signed(latency == null ? null : latency.meanChangeMs(), " ms"));
    return stats;
  }

  static List<Item> items(DiffView diff) {
    List<Item> out = new ArrayList<>();
    if (diff == null || diff.items() == null) {
      return out;
    }
    for (DiffView.Item i : diff.items()) {
      List<Op> ops = new ArrayList<>();
      if (i.diff() != null) {
        for (DiffOp o : i.diff()) {
          ops.add(new Op(o.op().name().toLowerCase(Locale.ROOT), o.text()));
        }
      }
      out.add(
          new Item(
              Integer.toString(i.position()),
              i.traceId(),
              i.originalResponse(),
              i.newResponse(),
              ops,
              fixed(i.similarity()),
              usd(i.cost() == null ? null : decimal(i.cost().deltaUsd())),
              signed(i.latency() == null ? null : i.latency().deltaMs(), ""),
              i.error()));
    }
    return out;
  }

  private static void addStat(List<Stat> stats, String label, String value) {
    if (value != null) {
      stats.add(new Stat(label, value));
    }
  }

  private static Double decimal(BigDecimal v) {
    return v == null ? null : v.doubleValue();
  }

  private static String figure(Double v) {
    return v == null ? "" : number(v, "");
  }

  /** At most four decimals, no trailing zeros: 0.0148, 0.5, 12. */
  static String number(double v, String unit) {
    String text =
        Math.abs(v) >= 100
            ? String.format(Locale.ROOT, "%.0f", v)
            : BigDecimal.valueOf(v)
                .setScale(4, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    return text + unit;
  }

  /** A change with its sign: +12 ms, -3.5%. */
  static String signed(Double v, String unit) {
    return v == null ? null : (v > 0 ? "+" : "") + number(v, unit);
  }

  static String fixed(Double v) {
    return v == null ? null : number(v, "");
  }

  /**
   * A cost change in dollars with its sign, to the fraction of a cent LLM calls cost: -$0.002624.
   */
  static String usd(Double v) {
    if (v == null) {
      return null;
    }
    String digits =
        BigDecimal.valueOf(Math.abs(v))
            .round(new MathContext(4))
            .stripTrailingZeros()
            .toPlainString();
    return (v < 0 ? "-$" : v > 0 ? "+$" : "$") + digits;
  }
}
