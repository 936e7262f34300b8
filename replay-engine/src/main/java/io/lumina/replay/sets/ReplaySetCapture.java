package io.lumina.replay.sets;

import io.lumina.api.replay.CaptureRequest;
import io.lumina.api.replay.ReplaySetView;
import io.lumina.model.Ids;
import io.lumina.replay.providers.ReplayProperties;
import io.lumina.replay.web.ConflictException;
import io.lumina.replay.web.InvalidInputException;
import io.lumina.replay.web.NotFoundException;
import io.lumina.storage.replay.ReplaySetStore;
import io.lumina.storage.replay.SpanSelection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Captures replay sets: validates the request, turns the filters into a {@link SpanSelection} and
 * has the store copy the matching calls with the set row, so a set is either whole or absent.
 * Defaults: the last 24 hours when neither trace ids nor a time range are given; 100 calls at most.
 */
@Component
public final class ReplaySetCapture {
  static final int DEFAULT_SAMPLE_SIZE = 100;
  static final Duration DEFAULT_RANGE = Duration.ofHours(24);
  private static final Set<String> STATUSES = Set.of("ok", "error", "degraded");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ReplaySetStore store;
  private final ReplayProperties properties;
  private final Clock clock;

  ReplaySetCapture(ReplaySetStore store, ReplayProperties properties, Clock clock) {
    this.store = store;
    this.properties = properties;
    this.clock = clock;
  }

  /** The filters checked so far: what the store selects, and what the set shows it was made of. */
  private static final class Selection {
    String service;
    String model;
    String provider;
    String status;
    Instant from;
    Instant to;
    final ObjectNode applied = JSON.createObjectNode();
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
    Selection selection = new Selection();
    ObjectNode applied = selection.applied;

    selection.service = text(f.service(), "filters.service", applied, "service");
    selection.model = text(f.model(), "filters.model", applied, "model");
    selection.provider = text(f.provider(), "filters.provider", applied, "provider");
    if (f.status() != null) {
      String status = f.status().strip().toLowerCase(Locale.ROOT);
      if (!STATUSES.contains(status)) {
        throw new InvalidInputException(
            "filters.status", "filters.status must be ok, error or degraded");
      }
      selection.status = status;
      applied.put("status", status);
    }
    List<String> traceIds = traceIds(request.traceIds());
    timeConditions(f, traceIds.isEmpty(), selection);
    if (!traceIds.isEmpty()) {
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
    int count =
        store.create(
            projectId,
            id,
            name,
            JSON.writeValueAsString(applied),
            clock.instant(),
            new SpanSelection(
                selection.service,
                selection.model,
                selection.provider,
                selection.status,
                selection.from,
                selection.to,
                traceIds,
                sampleSize));
    if (count == 0) {
      throw new ConflictException(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "no replayable LLM calls (with a prompt or input messages) match " + applied);
    }
    return find(projectId, id);
  }

  /** The set with its items and runs, or 404. */
  public ReplaySetView find(String projectId, String setId) {
    ReplaySetView set =
        store
            .find(projectId, setId)
            .orElseThrow(() -> new NotFoundException("no replay set " + setId));
    return new ReplaySetView(
        set.id(),
        set.name(),
        set.filters(),
        set.itemCount(),
        set.createdAt(),
        store.items(projectId, setId),
        store.runs(projectId, setId));
  }

  /** The set's runs, newest first, or 404 for an unknown set. */
  public List<ReplaySetView.RunRef> runs(String projectId, String setId) {
    store.find(projectId, setId).orElseThrow(() -> new NotFoundException("no replay set " + setId));
    return store.runs(projectId, setId);
  }

  public List<ReplaySetView> list(String projectId, int limit) {
    return store.list(projectId, limit);
  }

  private void timeConditions(CaptureRequest.Filters f, boolean defaultRange, Selection selection) {
    ObjectNode applied = selection.applied;
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
      selection.from = from;
      applied.put("from", from.toString());
    }
    if (to != null) {
      selection.to = to;
      applied.put("to", to.toString());
    }
  }

  /** The stripped value (null when not given); 400 when blank or too long. */
  private static String text(String value, String field, ObjectNode applied, String key) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    if (v.isEmpty() || v.length() > 256) {
      throw new InvalidInputException(field, field + " must be 1 to 256 characters");
    }
    applied.put(key, v);
    return v;
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
