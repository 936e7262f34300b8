package io.lumina.dashboard.traces;

import io.lumina.api.traces.SpanView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The span tree laid out on the trace's time axis: each node's bar starts at its offset from the
 * trace start and is as wide as its share of the trace duration (percentages, at least a sliver so
 * a 0 ms span stays visible).
 */
public record Waterfall(List<Node> roots, long startNanos, long endNanos, int spanCount) {
  static final double MIN_WIDTH_PCT = 0.4;

  public record Node(
      SpanView span, int depth, String offsetPct, String widthPct, List<Node> children) {
    public boolean hasChildren() {
      return !children.isEmpty();
    }
  }

  public double durationMs() {
    return (endNanos - startNanos) / 1_000_000.0;
  }

  static Waterfall of(List<SpanView> roots) {
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    int count = 0;
    List<SpanView> all = new ArrayList<>();
    collect(roots, all);
    for (SpanView s : all) {
      start = Math.min(start, s.startTimeUnixNano());
      end = Math.max(end, Math.max(s.endTimeUnixNano(), s.startTimeUnixNano()));
      count++;
    }
    if (all.isEmpty()) {
      return new Waterfall(List.of(), 0, 0, 0);
    }
    long total = Math.max(1, end - start);
    List<Node> nodes = new ArrayList<>();
    for (SpanView r : roots) {
      nodes.add(node(r, 0, start, total));
    }
    return new Waterfall(nodes, start, end, count);
  }

  private static Node node(SpanView s, int depth, long start, long total) {
    double offset = 100.0 * (s.startTimeUnixNano() - start) / total;
    double width = 100.0 * Math.max(0, s.endTimeUnixNano() - s.startTimeUnixNano()) / total;
    width = Math.max(MIN_WIDTH_PCT, Math.min(width, 100.0 - offset));
    offset = Math.min(offset, 100.0 - MIN_WIDTH_PCT);
    List<Node> children = new ArrayList<>();
    for (SpanView c : s.children()) {
      children.add(node(c, depth + 1, start, total));
    }
    return new Node(s, depth, pct(offset), pct(width), children);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.3f", Math.max(0, v));
  }

  private static void collect(List<SpanView> spans, List<SpanView> out) {
    for (SpanView s : spans) {
      out.add(s);
      collect(s.children(), out);
    }
  }

  /** All spans, depth first: the first LLM span is the one selected when the page opens. */
  List<SpanView> flatten() {
    List<SpanView> out = new ArrayList<>();
    for (Node n : roots) {
      flatten(n, out);
    }
    return out;
  }

  private static void flatten(Node n, List<SpanView> out) {
    out.add(n.span());
    n.children().forEach(c -> flatten(c, out));
  }
}
