package io.lumina.replay.sets;

import io.lumina.model.Ids;
import io.lumina.replay.config.ReplayProperties;
import io.lumina.replay.web.ConflictException;
import io.lumina.replay.web.InvalidInputException;
import io.lumina.replay.web.NotFoundException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Captures replay sets: validates the request, turns the filters into one parameterized query and
 * copies the matching calls into {@code replay_items} in the same transaction as the set row, so a
 * set is either whole or absent. Defaults: the last 24 hours when neither trace ids nor a time
 * range are given; 100 calls at most.
 */
@Component
public final class ReplaySetCapture {
  static final int DEFAULT_SAMPLE_SIZE = 100;
  static final Duration DEFAULT_RANGE = Duration.ofHours(24);
  private static final Set<String> STATUSES = Set.of("ok", "error", "degraded");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ReplaySetRepository repository;
  private final TransactionTemplate transactions;
  private final ReplayProperties properties;
  private final Clock clock;

  ReplaySetCapture(
      ReplaySetRepository repository,
      TransactionTemplate transactions,
      ReplayProperties properties,
      Clock clock) {
    this.repository = repository;
    this.transactions = transactions;
    this.properties = properties;
    this.clock = clock;
  }

  /** Captures a set; 400 on bad input, 422 when no replayable call matches. */
  public ReplaySetView capture(String projectId, CaptureRequest request) {
    if (request == null) {
      throw new InvalidInputException("name", "a JSON body with at least a name is required");
    }
    String name = request.name() == null ? "" : request.name().strip();
    if (name.isEmpty() || name.length() > 200) {
      throw new InvalidInputException("name", "name is required, 1 to 200 characters");
    }
    CaptureRequest.Filters f =
        request.filters() != null
            ? request.filters()
            : new CaptureRequest.Filters(null, null, null, null, null, null, null, null);
    List<String> conditions = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    ObjectNode applied = JSON.createObjectNode();

    text(
        f.service(), "filters.service", "service_name = ?", conditions, params, applied, "service");
    text(f.model(), "filters.model", "model = ?", conditions, params, applied, "model");
    text(f.provider(), "filters.provider", "provider = ?", conditions, params, applied, "provider");
    if (f.status() != null) {
      String status = f.status().strip().toLowerCase(Locale.ROOT);
      if (!STATUSES.contains(status)) {
        throw new InvalidInputException(
            "filters.status", "filters.status must be ok, error or degraded");
      }
      conditions.add("status = ?");
      params.add(status);
      applied.put("status", status);
    }
    List<String> traceIds = traceIds(request.traceIds());
    timeConditions(f, traceIds.isEmpty(), conditions, params, applied);
    if (!traceIds.isEmpty()) {
      conditions.add(
          "trace_id IN (" + String.join(", ", traceIds.stream().map(t -> "?").toList()) + ")");
      params.addAll(traceIds);
      applied.putPOJO("traceIds", traceIds);
    }
    int sampleSize =
        f.sampleSize() == null
            ? Math.min(DEFAULT_SAMPLE_SIZE, properties.maxSetSize())
            : f.sampleSize();
    if (sampleSize < 1 || sampleSize > properties.maxSetSize()) {
      throw new InvalidInputException(
          "filters.sampleSize",
          "filters.sampleSize must be between 1 and " + properties.maxSetSize());
    }
    applied.put("sampleSize", sampleSize);

    String id = "replay_" + HexFormat.of().formatHex(bytes());
    Instant now = clock.instant();
    ReplaySetRepository.SpanFilter filter =
        new ReplaySetRepository.SpanFilter(conditions, params, sampleSize);
    Integer count =
        transactions.execute(
            tx -> {
              repository.insertSet(projectId, id, name, JSON.writeValueAsString(applied), now);
              int copied = repository.copySpans(projectId, id, filter);
              if (copied == 0) {
                tx.setRollbackOnly();
                return 0;
              }
              repository.setItemCount(projectId, id, copied);
              return copied;
            });
    if (count == null || count == 0) {
      throw new ConflictException(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "no replayable LLM calls (with a prompt or input messages) match " + applied);
    }
    return find(projectId, id);
  }

  /** The set with its items and runs, or 404. */
  public ReplaySetView find(String projectId, String setId) {
    ReplaySetView set =
        repository
            .find(projectId, setId)
            .orElseThrow(() -> new NotFoundException("no replay set " + setId));
    return new ReplaySetView(
        set.id(),
        set.name(),
        set.filters(),
        set.itemCount(),
        set.createdAt(),
        repository.items(projectId, setId),
        repository.runs(projectId, setId));
  }

  /** The set's runs, newest first, or 404 for an unknown set. */
  public List<ReplaySetView.RunRef> runs(String projectId, String setId) {
    repository
        .find(projectId, setId)
        .orElseThrow(() -> new NotFoundException("no replay set " + setId));
    return repository.runs(projectId, setId);
  }

  public List<ReplaySetView> list(String projectId, int limit) {
    return repository.list(projectId, limit);
  }

  private void timeConditions(
      CaptureRequest.Filters f,
      boolean defaultRange,
      List<String> conditions,
      List<Object> params,
      ObjectNode applied) {
    Instant now = clock.instant();
    if (f.timeRange() != null && f.from() != null) {
      throw new InvalidInputException(
          "filters.timeRange", "give filters.timeRange or filters.from, not both");
    }
    Instant to = f.to() != null ? TimeBounds.instant(f.to(), "filters.to") : null;
    Instant from = null;
    if (f.timeRange() != null) {
      Duration range = TimeBounds.range(f.timeRange(), "filters.timeRange");
      from = (to != null ? to : now).minus(range);
      applied.put("timeRange", f.timeRange().strip());
    } else if (f.from() != null) {
      from = TimeBounds.instant(f.from(), "filters.from");
    } else if (defaultRange) {
      from = (to != null ? to : now).minus(DEFAULT_RANGE);
      applied.put("timeRange", "24h");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InvalidInputException("filters.from", "filters.from must be before filters.to");
    }
    if (from != null) {
      conditions.add("start_time >= ?");
      params.add(java.sql.Timestamp.from(from));
      applied.put("from", from.toString());
    }
    if (to != null) {
      conditions.add("start_time < ?");
      params.add(java.sql.Timestamp.from(to));
      applied.put("to", to.toString());
    }
  }

  private static void text(
      String value,
      String field,
      String condition,
      List<String> conditions,
      List<Object> params,
      ObjectNode applied,
      String key) {
    if (value == null) {
      return;
    }
    String v = value.strip();
    if (v.isEmpty() || v.length() > 256) {
      throw new InvalidInputException(field, field + " must be 1 to 256 characters");
    }
    conditions.add(condition);
    params.add(v);
    applied.put(key, v);
  }

  private List<String> traceIds(List<String> given) {
    if (given == null) {
      return List.of();
    }
    if (given.size() > properties.maxSetSize()) {
      throw new InvalidInputException(
          "traceIds", "at most " + properties.maxSetSize() + " traceIds");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < given.size(); i++) {
      String id = given.get(i);
      if (id == null || !Ids.isHexTraceId(id.strip())) {
        throw new InvalidInputException(
            "traceIds[" + i + "]", "traceIds[" + i + "] must be 32 hex characters");
      }
      ids.add(id.strip().toLowerCase(Locale.ROOT));
    }
    return List.copyOf(ids);
  }

  private static byte[] bytes() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return b;
  }
}
