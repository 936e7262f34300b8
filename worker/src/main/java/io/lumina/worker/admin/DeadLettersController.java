package io.lumina.worker.admin;

import io.lumina.api.queue.DeadLetterList;
import io.lumina.api.queue.DeadLetterView;
import io.lumina.api.queue.ReplayResult;
import io.lumina.queue.DeadLetter;
import io.lumina.queue.DeadLetterStore;
import io.lumina.queue.QueueUnavailableException;
import io.lumina.security.ApiKey;
import io.lumina.security.Gatekeeper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The span queue's dead letters for operators ({@code ./lumina dead-letters}), served by the worker
 * because it is the service that holds the queue connection (query-api never connects to NATS); see
 * docs/worker.md#dead-letters. The worker's access policy demands an admin key for every path
 * beyond the actuator; here the scope is checked: an admin key of the default project (the platform
 * administrator) sees and replays every project's dead letters, any other admin key only its own
 * project's.
 */
@RestController
@RequestMapping("/api/admin/dead-letters")
class DeadLettersController {
  private static final Logger log = LoggerFactory.getLogger(DeadLettersController.class);
  private static final int MAX_LIMIT = 1000;

  private final DeadLetterStore deadLetters;

  DeadLettersController(DeadLetterStore deadLetters) {
    this.deadLetters = deadLetters;
  }

  @GetMapping
  DeadLetterList list(
      @RequestParam(required = false) String project,
      @RequestParam(defaultValue = "0") long after,
      @RequestParam(defaultValue = "100") int limit,
      HttpServletRequest request) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    if (after < 0) {
      throw new BadRequest("after must not be negative");
    }
    List<DeadLetter> page = deadLetters.list(scope(request, project), after, limit);
    Long next = page.size() == limit ? page.getLast().id() : null;
    return new DeadLetterList(
        page.stream().map(d -> view(d, false)).toList(), deadLetters.count(), next);
  }

  @GetMapping("/{id}")
  DeadLetterView show(@PathVariable long id, HttpServletRequest request) {
    return view(visible(id, request), true);
  }

  @PostMapping("/{id}/replay")
  ReplayResult replay(@PathVariable long id, HttpServletRequest request) {
    DeadLetter letter = visible(id, request);
    if (!deadLetters.replay(letter.id())) {
      throw new NotFound(id);
    }
    log.info(
        "dead letter {} (message {}, project {}) replayed",
        id,
        letter.messageId(),
        letter.projectId());
    return new ReplayResult(1);
  }

  /** Every dead letter the caller may see, back into the queue. */
  @PostMapping("/replay")
  ReplayResult replayAll(
      @RequestParam(required = false) String project, HttpServletRequest request) {
    String scope = scope(request, project);
    int replayed = 0;
    long after = 0;
    List<DeadLetter> page;
    do {
      page = deadLetters.list(scope, after, MAX_LIMIT);
      for (DeadLetter d : page) {
        if (deadLetters.replay(d.id())) {
          replayed++;
        }
        after = d.id();
      }
    } while (page.size() == MAX_LIMIT);
    log.info("{} dead letters replayed (project {})", replayed, scope == null ? "all" : scope);
    return new ReplayResult(replayed);
  }

  private DeadLetter visible(long id, HttpServletRequest request) {
    Optional<ApiKey> caller = caller(request);
    return deadLetters
        .find(id)
        .filter(
            d ->
                caller.isEmpty()
                    || caller.get().platformAdmin()
                    || caller.get().projectId().equals(d.projectId()))
        .orElseThrow(() -> new NotFound(id));
  }

  /** The project filter: the caller's own project unless it is the platform administrator. */
  private static String scope(HttpServletRequest request, String project) {
    Optional<ApiKey> caller = caller(request);
    if (caller.isEmpty() || caller.get().platformAdmin()) {
      return project == null || project.isBlank() ? null : project;
    }
    String own = caller.get().projectId();
    if (project != null && !project.isBlank() && !project.equals(own)) {
      throw new Forbidden(
          "an admin key of project '" + own + "' sees only that project's dead letters");
    }
    return own;
  }

  private static Optional<ApiKey> caller(HttpServletRequest request) {
    return request.getAttribute(Gatekeeper.KEY_ATTRIBUTE) instanceof ApiKey k
        ? Optional.of(k)
        : Optional.empty();
  }

  private static DeadLetterView view(DeadLetter d, boolean withPayload) {
    return new DeadLetterView(
        d.id(),
        d.messageId(),
        d.projectId(),
        Instant.ofEpochMilli(d.receivedAtMillis()),
        d.reason(),
        d.deliveries(),
        d.deadAt(),
        d.payloadBytes(),
        withPayload && d.payload() != null ? spans(d.payload()) : null,
        withPayload && d.payload() != null
            ? Base64.getEncoder().encodeToString(d.payload())
            : null);
  }

  private static Integer spans(byte[] payload) {
    try {
      int n = 0;
      for (ResourceSpans rs : ExportTraceServiceRequest.parseFrom(payload).getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          n += ss.getSpansCount();
        }
      }
      return n;
    } catch (Exception e) {
      return null; // not readable OTLP: that is often why it is here
    }
  }

  private static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }

  private static final class Forbidden extends RuntimeException {
    Forbidden(String message) {
      super(message);
    }
  }

  private static final class NotFound extends RuntimeException {
    NotFound(long id) {
      super("no dead letter " + id);
    }
  }

  @ExceptionHandler(BadRequest.class)
  ResponseEntity<ProblemDetail> badRequest(BadRequest e) {
    return problem(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(Forbidden.class)
  ResponseEntity<ProblemDetail> forbidden(Forbidden e) {
    return problem(HttpStatus.FORBIDDEN, e.getMessage());
  }

  @ExceptionHandler(NotFound.class)
  ResponseEntity<ProblemDetail> notFound(NotFound e) {
    return problem(HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(QueueUnavailableException.class)
  ResponseEntity<ProblemDetail> unavailable(QueueUnavailableException e) {
    return problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setTitle(status.getReasonPhrase());
    return ResponseEntity.status(status).body(p);
  }
}
