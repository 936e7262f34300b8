package io.lumina.dashboard.overview;

import io.lumina.api.analytics.Bucket;
import io.lumina.api.analytics.CostReport;
import io.lumina.api.analytics.LatencyGroup;
import io.lumina.api.analytics.LatencyReport;
import io.lumina.api.traces.TracePage;
import io.lumina.dashboard.clients.QueryApiClient;
import io.lumina.dashboard.view.ChartSpec;
import io.lumina.dashboard.view.Section;
import io.lumina.dashboard.view.TimeAxis;
import io.lumina.dashboard.view.TimeRange;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;

/**
 * The first page: cost, volume, latency and errors over a range, top models and services, recent
 * alerts.
 */
@Controller
class OverviewController {
  private static final int TOP = 5;

  private final QueryApiClient api;
  private final Clock clock;

  OverviewController(QueryApiClient api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  record Headline(Bucket totals, LatencyGroup slowest) {}

  @GetMapping("/")
  String overview(@RequestParam(required = false) String range, Model model) {
    TimeRange r = TimeRange.parse(range, TimeRange.H24);
    Instant from = r.from(clock);
    String fromParam = Long.toString(from.getEpochSecond());
    Section<CostReport> cost =
        Section.load(() -> api.cost(Map.of("from", fromParam, "interval", r.interval())));
    // One more than shown: spans without a model (not LLM calls) form a group of their own, dropped
    // here.
    Section<CostReport> byModel =
        Section.load(
            () ->
                api.cost(
                    Map.of(
                        "from",
                        fromParam,
                        "groupBy",
                        "model",
                        "limit",
                        Integer.toString(TOP + 1))));
    Section<CostReport> byService =
        Section.load(
            () ->
                api.cost(
                    Map.of(
                        "from", fromParam, "groupBy", "service", "limit", Integer.toString(TOP))));
    Section<LatencyReport> latencyByService =
        Section.load(
            () -> api.latency(Map.of("from", fromParam, "groupBy", "service", "llmOnly", "true")));
    Section<LatencyReport> latencyOverTime =
        Section.load(
            () ->
                api.latency(Map.of("from", fromParam, "groupBy", r.interval(), "llmOnly", "true")));
    // Whether anything was ever received decides between "quiet range" and "send your first trace".
    Section<TracePage> any = Section.load(() -> api.traces(Map.of("limit", "1")));

    model.addAttribute("range", r);
    model.addAttribute("ranges", List.of(TimeRange.H1, TimeRange.H24, TimeRange.D7));
    model.addAttribute("cost", cost);
    model.addAttribute("byModel", byModel);
    model.addAttribute(
        "topModels",
        byModel.ok()
            ? byModel.value().groups().stream()
                .filter(g -> g.key() != null && !g.key().isBlank())
                .limit(TOP)
                .toList()
            : List.of());
    model.addAttribute("byService", byService);
    model.addAttribute(
        "slowest",
        latencyByService.ok()
            ? latencyByService.value().groups().stream()
                .max(Comparator.comparingDouble(LatencyGroup::p95))
            : Optional.empty());
    model.addAttribute("latency", latencyOverTime);
    model.addAttribute("neverReceived", any.ok() && any.value().traces().isEmpty());
    if (cost.ok()) {
      CostReport c = cost.value();
      TimeAxis axis = TimeAxis.of(c.from(), c.to(), r.interval());
      List<Bucket> s = c.series();
      model.addAttribute(
          "costChart",
          chart(
              "bar",
              "usd",
              axis,
              "cost",
              axis.values(s, Bucket::time, b -> b.costUsd().doubleValue())));
      model.addAttribute(
          "volumeChart",
          chart(
              "line",
              "count",
              axis,
              "LLM requests",
              axis.values(s, Bucket::time, b -> (double) b.llmSpanCount())));
      model.addAttribute(
          "errorChart",
          chart(
              "line",
              "pct",
              axis,
              "error rate",
              axis.values(s, Bucket::time, Bucket::errorRate, null)));
      if (latencyOverTime.ok()) {
        model.addAttribute(
            "latencyChart",
            chart(
                "line",
                "ms",
                axis,
                "p95",
                axis.values(
                    latencyOverTime.value().groups(),
                    LatencyGroup::time,
                    g -> g.spanCount() == 0 ? null : g.p95(),
                    null)));
      }
    }
    alerts(model);
    model.addAttribute("active", "overview");
    return "overview";
  }

  /** Recent alerts when the query API has them; a query API without alerts simply shows none. */
  private void alerts(Model model) {
    Section<JsonNode> alerts = Section.load(() -> api.alerts(Map.of("limit", "5")));
    model.addAttribute("alertsAvailable", alerts.ok() || !alerts.error().notFound());
    model.addAttribute("alerts", alerts);
  }

  private static String chart(
      String kind, String unit, TimeAxis axis, String name, List<Double> values) {
    return new ChartSpec(kind, unit, axis.labels(), List.of(new ChartSpec.Series(name, values)))
        .json();
  }
}
