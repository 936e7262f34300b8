package io.lumina.query.security;

import io.lumina.security.ApiKey;
import io.lumina.security.ApiKeyRole;
import io.lumina.security.Gatekeeper;
import io.lumina.security.IssuedKey;
import io.lumina.security.Project;
import io.lumina.security.ProjectKeyStore;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API: projects and their keys. The filter already demands an admin key for {@code
 * /api/admin/**}; here the scope is checked: an admin key of the default project (the platform
 * administrator, e.g. {@code LUMINA_ADMIN_KEY}) manages every project, any other admin key only its
 * own. A new key's secret is in the creation response and nowhere else, ever.
 */
@RestController
@RequestMapping("/api/admin")
class AdminController {
  private static final Logger log = LoggerFactory.getLogger(AdminController.class);

  private final ProjectKeyStore store;
  private final Gatekeeper gatekeeper;

  AdminController(ProjectKeyStore store, Gatekeeper gatekeeper) {
    this.store = store;
    this.gatekeeper = gatekeeper;
  }

  record NewProject(String id, String name) {}

  record NewKey(String name, String role) {}

  record ProjectView(String id, String name, Instant createdAt) {
    static ProjectView of(Project p) {
      return new ProjectView(p.id(), p.name(), p.createdAt());
    }
  }

  /** A key as listed: never the key, never its hash. */
  record KeyView(
      UUID id,
      String projectId,
      String name,
      String role,
      String prefix,
      String source,
      Instant createdAt,
      Instant lastUsedAt,
      Instant revokedAt,
      boolean active) {
    static KeyView of(ApiKey k) {
      return new KeyView(
          k.id(),
          k.projectId(),
          k.name(),
          k.role().name().toLowerCase(Locale.ROOT),
          k.prefix(),
          k.source(),
          k.createdAt(),
          k.lastUsedAt(),
          k.revokedAt(),
          k.active());
    }
  }

  /** The creation answer: the listing fields plus {@code key}, shown this once. */
  record IssuedKeyView(
      UUID id,
      String projectId,
      String name,
      String role,
      String prefix,
      Instant createdAt,
      String key) {}

  private static final class AdminException extends RuntimeException {
    final HttpStatus status;

    AdminException(HttpStatus status, String message) {
      super(message);
      this.status = status;
    }
  }

  @PostMapping("/projects")
  ResponseEntity<ProjectView> createProject(
      @RequestBody NewProject body, HttpServletRequest request) {
    requirePlatformAdmin(request);
    if (body == null || body.id() == null) {
      throw new AdminException(HttpStatus.BAD_REQUEST, "id is required");
    }
    validId(body.id());
    if (body.name() != null && body.name().length() > 200) {
      throw new AdminException(HttpStatus.BAD_REQUEST, "name must be at most 200 characters");
    }
    Project created =
        store
            .createProject(body.id(), body.name())
            .orElseThrow(
                () ->
                    new AdminException(
                        HttpStatus.CONFLICT, "project '" + body.id() + "' already exists"));
    log.info("project {} created", created.id());
    return ResponseEntity.created(URI.create("/api/admin/projects/" + created.id()))
        .body(ProjectView.of(created));
  }

  @GetMapping("/projects")
  List<ProjectView> projects(HttpServletRequest request) {
    Optional<ApiKey> caller = caller(request);
    return store.listProjects().stream()
        .filter(
            p ->
                caller.isEmpty()
                    || caller.get().platformAdmin()
                    || caller.get().projectId().equals(p.id()))
        .map(ProjectView::of)
        .toList();
  }

  @PostMapping("/projects/{projectId}/keys")
  ResponseEntity<IssuedKeyView> createKey(
      @PathVariable String projectId,
      @RequestBody(required = false) NewKey body,
      HttpServletRequest request) {
    requireManages(request, validId(projectId));
    String name =
        body == null || body.name() == null || body.name().isBlank()
            ? "api key"
            : body.name().strip();
    if (name.length() > 200) {
      throw new AdminException(HttpStatus.BAD_REQUEST, "name must be at most 200 characters");
    }
    ApiKeyRole role;
    try {
      role = ApiKeyRole.parse(body == null || body.role() == null ? null : body.role());
    } catch (IllegalArgumentException e) {
      throw new AdminException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    IssuedKey issued =
        store
            .issueKey(projectId, name, role)
            .orElseThrow(
                () -> new AdminException(HttpStatus.NOT_FOUND, "no project '" + projectId + "'"));
    ApiKey k = issued.key();
    log.info(
        "key {} ({}, role {}) created in project {}", k.id(), k.prefix(), k.role(), k.projectId());
    return ResponseEntity.created(URI.create("/api/admin/keys/" + k.id()))
        .cacheControl(CacheControl.noStore())
        .body(
            new IssuedKeyView(
                k.id(),
                k.projectId(),
                k.name(),
                k.role().name().toLowerCase(Locale.ROOT),
                k.prefix(),
                k.createdAt(),
                issued.secret()));
  }

  @GetMapping("/projects/{projectId}/keys")
  List<KeyView> keys(@PathVariable String projectId, HttpServletRequest request) {
    requireManages(request, validId(projectId));
    if (store.findProject(projectId).isEmpty()) {
      throw new AdminException(HttpStatus.NOT_FOUND, "no project '" + projectId + "'");
    }
    return store.listKeys(projectId).stream().map(KeyView::of).toList();
  }

  @DeleteMapping("/keys/{keyId}")
  ResponseEntity<Void> revoke(@PathVariable String keyId, HttpServletRequest request) {
    UUID id;
    try {
      id = UUID.fromString(keyId);
    } catch (IllegalArgumentException e) {
      throw new AdminException(HttpStatus.BAD_REQUEST, "keyId must be a key id (a UUID)");
    }
    Optional<ApiKey> caller = caller(request);
    // Another project's key is "not found" for a project admin: ids of other projects are not
    // confirmed.
    ApiKey key =
        store
            .findKey(id)
            .filter(
                k ->
                    caller.isEmpty()
                        || caller.get().platformAdmin()
                        || caller.get().projectId().equals(k.projectId()))
            .orElseThrow(() -> new AdminException(HttpStatus.NOT_FOUND, "no key " + id));
    store.revoke(key.id());
    gatekeeper.forgetCachedKeys(); // refused here at once; other replicas within the cache TTL
    log.info("key {} ({}) of project {} revoked", key.id(), key.prefix(), key.projectId());
    return ResponseEntity.noContent().build();
  }

  @ExceptionHandler(AdminException.class)
  ResponseEntity<ProblemDetail> problem(AdminException e) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(e.status, e.getMessage());
    p.setTitle(e.status.getReasonPhrase());
    return ResponseEntity.status(e.status).body(p);
  }

  private static String validId(String projectId) {
    try {
      return Project.requireValidId(projectId);
    } catch (IllegalArgumentException e) {
      throw new AdminException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
  }

  /**
   * The caller's key; empty while authentication is off (loopback only: the caller is the
   * operator).
   */
  private static Optional<ApiKey> caller(HttpServletRequest request) {
    return request.getAttribute(Gatekeeper.KEY_ATTRIBUTE) instanceof ApiKey k
        ? Optional.of(k)
        : Optional.empty();
  }

  private static void requirePlatformAdmin(HttpServletRequest request) {
    Optional<ApiKey> caller = caller(request);
    if (caller.isPresent() && !caller.get().platformAdmin()) {
      throw new AdminException(
          HttpStatus.FORBIDDEN,
          "creating projects needs an admin key of the default project (the platform administrator)");
    }
  }

  private static void requireManages(HttpServletRequest request, String projectId) {
    Optional<ApiKey> caller = caller(request);
    if (caller.isPresent()
        && !caller.get().platformAdmin()
        && !caller.get().projectId().equals(projectId)) {
      throw new AdminException(
          HttpStatus.FORBIDDEN,
          "an admin key of project '"
              + caller.get().projectId()
              + "' manages only that project's keys");
    }
  }
}
