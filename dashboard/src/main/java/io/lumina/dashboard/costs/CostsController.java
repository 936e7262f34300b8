package io.lumina.dashboard.costs;

import io.lumina.api.analytics.Bucket;
import io.lumina.api.analytics.CostReport;
import io.lumina.dashboard.clients.QueryApiClient;
import io.lumina.dashboard.view.ChartSpec;
import io.lumina.dashboard.view.Section;
import io.lumina.dashboard.view.TimeAxis;
import io.lumina.dashboard.view.TimeRange;
import io.lumina.dashboard.view.UnpricedAdvice;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Cost analytics: a stacked series by model, service or provider, the breakdown, users, unpriced
 * models.
 */
@Controller
class CostsController {
  /** Series beyond this many groups are summed as "other": a stack of 30 colours says nothing. */
  static final int MAX_STACKED = 8;

  private static final List<String> GROUPINGS = List.of("model", "service", "provider");

  private final QueryApiClient api;
  private final Clock clock;

  CostsController(QueryApiClient api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  public record Share(Bucket bucket, String percent) {}

  @GetMapping("/costs")
  String costs(
      @RequestParam(required = false) String range,
      @RequestParam(required = false) String groupBy,
      Model model) {
    TimeRange r = TimeRange.parse(range, TimeRange.D7);
    String by = groupBy != null && GROUPINGS.contains(groupBy) ? groupBy : "model";
    String from = Long.toString(r.from(clock).getEpochSecond());
    Section<CostReport> report =
        Section.load(
            () ->
                api.cost(
                    Map.of("from", from, "groupBy", by, "interval", r.interval(), "limit", "100")));
    Section<CostReport> models =
        by.equals("model")
            ? report
            : Section.load(
                () -> api.cost(Map.of("from", from, "groupBy", "model", "limit", "100")));
    // Users read raw spans, whose range the query API bounds: a week is the most the page asks for.
    TimeRange userRange = r.length().compareTo(TimeRange.D7.length()) > 0 ? TimeRange.D7 : r;
    Section<CostReport> users =
        Section.load(
            () ->
                api.cost(
                    Map.of(
                        "from",
                        Long.toString(userRange.from(clock).getEpochSecond()),
                        "groupBy",
                        "user",
                        "limit",
                        "10")));

    model.addAttribute("range", r);
    model.addAttribute("ranges", List.of(TimeRange.H24, TimeRange.D7, TimeRange.D30));
    model.addAttribute("groupBy", by);
    model.addAttribute("groupings", GROUPINGS);
    model.addAttribute("report", report);
    model.addAttribute("users", users);
    model.addAttribute("userRange", userRange);
    if (report.ok()) {
      CostReport c = report.value();
      model.addAttribute("chart", stacked(c, r.interval()).json());
      model.addAttribute("tokenChart", tokens(c, r.interval()).json());
      model.addAttribute("shares", shares(c));
    }
    model.addAttribute(
        "unpriced", models.ok() ? UnpricedAdvice.unpriced(models.value().groups()) : List.of());
    model.addAttribute("active", "costs");
    return "costs";
  }

  static ChartSpec stacked(CostReport c, String interval) {
    TimeAxis axis = TimeAxis.of(c.from(), c.to(), interval);
    Set<String> top = new LinkedHashSet<>();
    c.groups().stream()
        .filter(CostsController::llm)
        .limit(MAX_STACKED)
        .forEach(g -> top.add(label(g.key())));
    List<ChartSpec.Series> series = new ArrayList<>();
    for (String key : top) {
      List<Bucket> rows = c.series().stream().filter(b -> label(b.key()).equals(key)).toList();
      series.add(
          new ChartSpec.Series(
              key, axis.values(rows, Bucket::time, b -> b.costUsd().doubleValue())));
    }
    List<Bucket> rest =
        c.series().stream().filter(b -> llm(b) && !top.contains(label(b.key()))).toList();
    if (!rest.isEmpty()) {
      series.add(
          new ChartSpec.Series(
              "other", axis.values(rest, Bucket::time, b -> b.costUsd().doubleValue())));
    }
    return new ChartSpec("stacked", "usd", axis.labels(), series);
  }

  static ChartSpec tokens(CostReport c, String interval) {
    TimeAxis axis = TimeAxis.of(c.from(), c.to(), interval);
    List<Bucket> s = c.series();
    return new ChartSpec(
        "stacked",
        "count",
        axis.labels(),
        List.of(
            new ChartSpec.Series(
                "prompt", axis.values(s, Bucket::time, b -> (double) b.promptTokens())),
            new ChartSpec.Series(
                "completion", axis.values(s, Bucket::time, b -> (double) b.completionTokens())),
            new ChartSpec.Series(
                "cache read", axis.values(s, Bucket::time, b -> (double) b.cacheReadTokens())),
            new ChartSpec.Series(
                "cache write", axis.values(s, Bucket::time, b -> (double) b.cacheWriteTokens())),
            new ChartSpec.Series(
                "reasoning", axis.values(s, Bucket::time, b -> (double) b.reasoningTokens()))));
  }

  private static List<Share> shares(CostReport c) {
    BigDecimal total = c.totals() == null ? BigDecimal.ZERO : c.totals().costUsd();
    return c.groups().stream()
        .filter(CostsController::llm)
        .map(
            g ->
                new Share(
                    g,
                    total.signum() == 0
                        ? "—"
                        : g.costUsd()
                                .multiply(BigDecimal.valueOf(100))
                                .divide(total, 1, RoundingMode.HALF_UP)
                            + "%"))
        .toList();
  }

  /**
   * Spans that are no LLM call (no model, no cost) are a group of their own; the cost views drop
   * it.
   */
  private static boolean llm(Bucket b) {
    return b.llmSpanCount() > 0 || b.costUsd().signum() != 0 || b.unpricedCount() > 0;
  }

  private static String label(String key) {
    return key == null ? "(none)" : key;
  }
}
