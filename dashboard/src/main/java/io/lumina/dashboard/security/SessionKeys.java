package io.lumina.dashboard.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What a logged-in session holds (server side: the cookie only carries the session id), and its
 * CSRF token.
 */
final class SessionKeys {
  static final String API_KEY = "lumina.session.apiKey";
  static final String PROJECT = "lumina.session.project";
  static final String ROLE = "lumina.session.role";
  static final String USER = "lumina.session.user";
  static final String CSRF = "lumina.session.csrf";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String CSRF_PARAMETER = "_csrf";

  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionKeys() {}

  static boolean loggedIn(HttpSession session) {
    return session != null && session.getAttribute(API_KEY) instanceof String;
  }

  /** The session's CSRF token, created with the session's first use. */
  static String csrfToken(HttpSession session) {
    Object token = session.getAttribute(CSRF);
    if (token instanceof String s) {
      return s;
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    session.setAttribute(CSRF, fresh);
    return fresh;
  }

  /**
   * Whether the request carries the session's token (header for htmx, form field for plain forms).
   */
  static boolean csrfValid(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null || !(session.getAttribute(CSRF) instanceof String expected)) {
      return false;
    }
    String presented = request.getHeader(CSRF_HEADER);
    if (presented == null) {
      presented = request.getParameter(CSRF_PARAMETER);
    }
    return presented != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
