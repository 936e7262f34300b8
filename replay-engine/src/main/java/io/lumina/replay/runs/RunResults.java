package io.lumina.replay.runs;

import io.lumina.api.replay.DiffView;
import io.lumina.api.replay.RunView;
import io.lumina.replay.diff.WordDiff;
import io.lumina.replay.providers.ReplayProperties;
import io.lumina.replay.web.NotFoundException;
import io.lumina.storage.replay.ComparedItem;
import io.lumina.storage.replay.ItemResult;
import io.lumina.storage.replay.ReplayRun;
import io.lumina.storage.replay.ReplayRunStore;
import io.lumina.storage.replay.RunItem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Reads a run back as a summary or a side-by-side diff. Everything is computed from the stored
 * items and results at read time (a set holds at most {@code max-set-size} items), so a summary is
 * never stale, also while the run is still going.
 */
@Component
public final class RunResults {
  /** Regressions listed in a run summary; the diff lists them all. */
  static final int SUMMARY_REGRESSIONS = 10;

  private final ReplayRunStore runs;
  private final double threshold;

  RunResults(ReplayRunStore runs, ReplayProperties properties) {
    this.runs = runs;
    this.threshold = properties.regressionThreshold();
  }

  public RunView view(String projectId, String runId) {
    ReplayRun run = find(projectId, runId);
    List<ComparedItem> rows = runs.compared(projectId, runId);
    return new RunView(
        run.id(),
        run.setId(),
        run.status(),
        run.provider(),
        run.model(),
        run.systemPrompt(),
        run.promptTemplate(),
        run.temperature(),
        run.maxTokens(),
        run.scorer(),
        run.createdAt(),
        run.startedAt(),
        run.finishedAt(),
        run.resumedCount(),
        run.error(),
        progress(rows),
        summary(rows));
  }

  public DiffView diff(String projectId, String runId) {
    ReplayRun run = find(projectId, runId);
    List<ComparedItem> rows = runs.compared(projectId, runId);
    List<DiffView.Item> items = new ArrayList<>();
    for (ComparedItem row : rows) {
      if (row.result() != null) {
        items.add(item(row.item(), row.result()));
      }
    }
    items.sort(
        Comparator.comparingInt((DiffView.Item i) -> i.status().equals("ok") ? 1 : 0)
            .thenComparing(i -> i.similarity() == null ? -1.0 : i.similarity())
            .thenComparingInt(DiffView.Item::position));
    return new DiffView(run.id(), run.setId(), run.status(), run.scorer(), progress(rows), items);
  }

  /**
   * The diff of a run id, or of the newest run of a set id (the short path {@code GET
   * /replay/{id}/diff}).
   */
  public DiffView diffOfRunOrSet(String projectId, String id) {
    if (id.startsWith("replay_")) {
      ReplayRun latest =
          runs.latestOfSet(projectId, id)
              .orElseThrow(() -> new NotFoundException("no run of replay set " + id));
      return diff(projectId, latest.id());
    }
    return diff(projectId, id);
  }

  private ReplayRun find(String projectId, String runId) {
    return runs.find(projectId, runId)
        .orElseThrow(() -> new NotFoundException("no replay run " + runId));
  }

  private boolean regression(ItemResult r) {
    return !r.ok() || (r.similarity() != null && r.similarity() < threshold);
  }

  private DiffView.Item item(RunItem i, ItemResult r) {
    BigDecimal delta =
        i.costUsd() != null && r.costUsd() != null ? r.costUsd().subtract(i.costUsd()) : null;
    Double latencyDelta = r.latencyMs() != null ? r.latencyMs() - i.latencyMs() : null;
    return new DiffView.Item(
        i.position(),
        i.traceId(),
        i.spanId(),
        r.status(),
        regression(r),
        r.error(),
        r.httpStatus(),
        r.attempts(),
        i.prompt(),
        i.model(),
        r.model(),
        i.response(),
        r.response(),
        r.ok() ? WordDiff.diff(i.response(), r.response()) : null,
        r.similarity(),
        r.exactMatch(),
        new DiffView.Tokens(
            i.promptTokens(), i.completionTokens(), r.promptTokens(), r.completionTokens()),
        new DiffView.Cost(i.costUsd(), r.costUsd(), delta, r.pricingSource()),
        new DiffView.Latency(i.latencyMs(), r.latencyMs(), latencyDelta));
  }

  private static RunView.Progress progress(List<ComparedItem> rows) {
    int done = 0;
    int ok = 0;
    for (ComparedItem row : rows) {
      if (row.result() != null) {
        done++;
        if (row.result().ok()) {
          ok++;
        }
      }
    }
    int total = rows.size();
    double percent = total == 0 ? 100.0 : Math.round(1000.0 * done / total) / 10.0;
    return new RunView.Progress(done, total, ok, done - ok, total - done, percent);
  }

  private RunView.Summary summary(List<ComparedItem> rows) {
    double similaritySum = 0;
    int scored = 0;
    int okCount = 0;
    int exact = 0;
    int failed = 0;
    int priced = 0;
    int unpriced = 0;
    BigDecimal originalCost = BigDecimal.ZERO;
    BigDecimal newCost = BigDecimal.ZERO;
    double originalLatency = 0;
    double newLatency = 0;
    List<ComparedItem> regressions = new ArrayList<>();
    for (ComparedItem row : rows) {
      ItemResult r = row.result();
      if (r == null) {
        continue;
      }
      if (regression(r)) {
        regressions.add(row);
      }
      if (!r.ok()) {
        failed++;
        continue;
      }
      okCount++;
      if (r.similarity() != null) {
        similaritySum += r.similarity();
        scored++;
      }
      if (Boolean.TRUE.equals(r.exactMatch())) {
        exact++;
      }
      if (row.item().costUsd() != null && r.costUsd() != null) {
        priced++;
        originalCost = originalCost.add(row.item().costUsd());
        newCost = newCost.add(r.costUsd());
      } else {
        unpriced++;
      }
      originalLatency += row.item().latencyMs();
      newLatency += r.latencyMs() == null ? 0 : r.latencyMs();
    }
    regressions.sort(
        Comparator.comparingInt((ComparedItem c) -> c.result().ok() ? 1 : 0)
            .thenComparing(c -> c.result().similarity() == null ? -1.0 : c.result().similarity())
            .thenComparingInt(c -> c.item().position()));
    List<RunView.Regression> listed =
        regressions.stream()
            .limit(SUMMARY_REGRESSIONS)
            .map(
                c ->
                    new RunView.Regression(
                        c.item().position(),
                        c.item().traceId(),
                        c.item().spanId(),
                        c.result().status(),
                        c.result().similarity(),
                        c.result().exactMatch(),
                        c.result().error()))
            .toList();
    BigDecimal costChange = newCost.subtract(originalCost);
    RunView.CostChange cost =
        new RunView.CostChange(
            priced,
            unpriced,
            priced == 0 ? null : originalCost,
            priced == 0 ? null : newCost,
            priced == 0 ? null : costChange,
            priced == 0 || originalCost.signum() == 0
                ? null
                : round(costChange.doubleValue() / originalCost.doubleValue() * 100, 2),
            priced == 0
                ? null
                : costChange.divide(BigDecimal.valueOf(priced), 10, RoundingMode.HALF_UP));
    RunView.LatencyChange latency =
        okCount == 0
            ? new RunView.LatencyChange(0, null, null, null, null, null, null)
            : new RunView.LatencyChange(
                okCount,
                round(originalLatency / okCount, 3),
                round(newLatency / okCount, 3),
                round((newLatency - originalLatency) / okCount, 3),
                originalLatency == 0
                    ? null
                    : round((newLatency - originalLatency) / originalLatency * 100, 2),
                round(originalLatency, 3),
                round(newLatency, 3));
    return new RunView.Summary(
        scored == 0 ? null : round(similaritySum / scored, 4),
        okCount == 0 ? null : round((double) exact / okCount, 4),
        okCount - exact,
        failed,
        regressions.size(),
        threshold,
        cost,
        latency,
        listed);
  }

  private static double round(double value, int places) {
    return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
  }
}
