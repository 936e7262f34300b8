package io.lumina.dashboard.security;

import io.lumina.security.PasswordHashes;
import io.lumina.security.RateLimiter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code /login} (a user and password from configuration, or an API key) and {@code /logout}. A
 * successful login gets a new session id (no session fixation) and a new CSRF token; the session
 * holds the API key the dashboard then sends to the APIs. Attempts are limited per client address.
 */
@Controller
class LoginController {
  static final String LOGIN = "/login";
  private static final Logger log = LoggerFactory.getLogger(LoginController.class);

  /**
   * Compared against when the user name is unknown, so the answer takes as long as for a known one.
   */
  private static final String DUMMY_HASH = PasswordHashes.hash("lumina-dummy-password");

  private final DashboardAccess access;
  private final KeyVerifier verifier;
  private final RateLimiter attempts;

  LoginController(DashboardAccess access, KeyVerifier verifier, RateLimiter loginAttempts) {
    this.access = access;
    this.verifier = verifier;
    this.attempts = loginAttempts;
  }

  @GetMapping(LOGIN)
  ResponseEntity<String> form(
      HttpServletRequest request,
      @RequestParam(required = false) String next,
      @RequestParam(required = false) String expired) {
    if (!access.loginEnabled()) {
      return redirect("/");
    }
    String message = expired != null ? "Your login form expired; please try again." : null;
    return page(request, HttpStatus.OK, message, safeNext(next));
  }

  @PostMapping(LOGIN)
  ResponseEntity<String> login(
      HttpServletRequest request,
      @RequestParam(required = false) String username,
      @RequestParam(required = false) String password,
      @RequestParam(required = false) String apiKey,
      @RequestParam(required = false) String next) {
    if (!access.loginEnabled()) {
      return redirect("/");
    }
    long wait = attempts.tryAcquire(request.getRemoteAddr());
    if (wait > 0) {
      return page(
          request,
          HttpStatus.TOO_MANY_REQUESTS,
          "Too many attempts; try again in " + wait + " s.",
          safeNext(next));
    }
    String key;
    String user;
    if (apiKey != null && !apiKey.isBlank()) {
      key = apiKey.strip();
      user = null;
    } else {
      Optional<DashboardUser> found = access.user(username);
      boolean ok =
          PasswordHashes.matches(
                  password == null ? "" : password,
                  found.map(DashboardUser::password).orElse(DUMMY_HASH))
              && found.isPresent();
      if (!ok) {
        log.info("dashboard login refused for a user name from {}", request.getRemoteAddr());
        return page(
            request, HttpStatus.UNAUTHORIZED, "Wrong user name or password.", safeNext(next));
      }
      key = found.get().apiKey();
      user = found.get().name();
    }
    Optional<KeyVerifier.Identity> identity;
    try {
      identity = verifier.verify(key);
    } catch (KeyVerifier.UnavailableException e) {
      return page(
          request,
          HttpStatus.SERVICE_UNAVAILABLE,
          "The query API is unavailable; try again shortly.",
          safeNext(next));
    }
    if (identity.isEmpty() || "ingest".equals(identity.get().role())) {
      log.info(
          "dashboard login refused: {} from {}",
          user == null
              ? "API key not accepted"
              : "the key of user " + user + " is not accepted by the query API",
          request.getRemoteAddr());
      return page(
          request,
          HttpStatus.UNAUTHORIZED,
          identity.isEmpty()
              ? (user == null
                  ? "This API key is unknown or revoked."
                  : "This user's API key is not accepted any more.")
              : "An ingest-only key cannot read data; use a read or admin key.",
          safeNext(next));
    }
    request.changeSessionId();
    HttpSession session = request.getSession();
    session.removeAttribute(SessionKeys.CSRF);
    session.setAttribute(SessionKeys.API_KEY, key);
    session.setAttribute(SessionKeys.PROJECT, identity.get().projectId());
    session.setAttribute(SessionKeys.ROLE, identity.get().role());
    if (user != null) {
      session.setAttribute(SessionKeys.USER, user);
    }
    SessionKeys.csrfToken(session);
    log.info(
        "dashboard login: {} in project {}",
        user == null ? "API key" : "user " + user,
        identity.get().projectId());
    return redirect(safeNext(next));
  }

  @PostMapping("/logout")
  ResponseEntity<String> logout(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    return redirect(LOGIN);
  }

  /**
   * Where to go after the login: only a path of this site, else {@code /}. Browsers ignore tabs and
   * line breaks in a URL and read a backslash as a slash, so {@code /\tevil.com}-like values would
   * lead to {@code //evil.com}; the check therefore refuses control characters, backslashes and
   * {@code //} anywhere, in the value and in each of its percent-decodings ({@code %09}, {@code
   * %2F%2F}), then parses it and refuses any scheme or authority (docs/security.md).
   */
  static String safeNext(String next) {
    if (next == null || next.isEmpty() || next.length() > 2048 || next.startsWith(LOGIN)) {
      return "/";
    }
    String candidate = next;
    for (int round = 0; round < 4; round++) {
      if (!plainPath(candidate)) {
        return "/";
      }
      String decoded = percentDecoded(candidate);
      if (decoded == null) {
        return "/"; // a malformed escape: not something this site links to
      }
      if (decoded.equals(candidate)) {
        break;
      }
      candidate = decoded;
    }
    try {
      URI uri = new URI(next);
      if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.isOpaque()) {
        return "/";
      }
    } catch (URISyntaxException e) {
      return "/";
    }
    return next;
  }

  /** Starts with one "/", no "//", no backslash, no control, format or whitespace character. */
  private static boolean plainPath(String s) {
    if (!s.startsWith("/") || s.contains("//") || s.indexOf('\\') >= 0) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20
          || Character.isISOControl(c)
          || Character.isWhitespace(c)
          || Character.getType(c) == Character.FORMAT) {
        return false;
      }
    }
    return true;
  }

  /** One round of %XX decoding (UTF-8); null when an escape is malformed. */
  private static String percentDecoded(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static ResponseEntity<String> redirect(String location) {
    return ResponseEntity.status(HttpStatus.SEE_OTHER).header("Location", location).build();
  }

  private ResponseEntity<String> page(
      HttpServletRequest request, HttpStatus status, String message, String next) {
    String csrf = SessionKeys.csrfToken(request.getSession());
    String userFields =
        access.usersConfigured()
            ? """
          <label>User <input name="username" autocomplete="username" autofocus></label>
          <label>Password <input name="password" type="password" autocomplete="current-password"></label>
          <p class="muted">or</p>
        """
            : "";
    String html =
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Log in · Lumina</title>
          <link rel="icon" href="/favicon.svg" type="image/svg+xml">
          <link rel="stylesheet" href="/css/lumina.css">
        </head>
        <body>
        <main class="content login">
          <h1><span class="brand-mark">◆</span> Lumina</h1>
          <form class="panel login-form" method="post" action="/login">
            %s
            <input type="hidden" name="_csrf" value="%s">
            <input type="hidden" name="next" value="%s">
            %s
            <label>API key <input name="apiKey" type="password" autocomplete="off" placeholder="lum_…"></label>
            <button type="submit">Log in</button>
          </form>
        </main>
        </body>
        </html>
        """
            .formatted(
                message == null
                    ? ""
                    : "<p class=\"error-message\" role=\"alert\">"
                        + HtmlUtils.htmlEscape(message)
                        + "</p>",
                HtmlUtils.htmlEscape(csrf),
                HtmlUtils.htmlEscape(next),
                userFields);
    return ResponseEntity.status(status)
        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noStore())
        .body(html);
  }
}
