package io.lumina.dashboard.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The dashboard's gate, in order:
 *
 * <ol>
 *   <li>always: a state-changing request (POST, PUT, PATCH, DELETE) whose {@code Origin} names
 *       another site is refused (403). Browsers send {@code Origin} on such requests, so a page
 *       elsewhere cannot make a visitor's browser change anything here, login or not (this also
 *       protects the open, loopback-only dashboard from cross-site requests);
 *   <li>with login on: pages need a logged-in session (else a redirect to {@code /login}, or for
 *       htmx a 401 with {@code HX-Redirect}), and every state-changing request must carry the
 *       session's CSRF token ({@code X-CSRF-Token} header, or the {@code _csrf} form field).
 * </ol>
 *
 * Plain servlet code instead of Spring Security: the whole need is one session check and one token
 * check, which stays readable here and adds no dependency nor a second filter chain to reason
 * about.
 */
final class LoginFilter extends OncePerRequestFilter {
  private final DashboardAccess access;

  LoginFilter(DashboardAccess access) {
    this.access = access;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    boolean unsafe =
        switch (request.getMethod()) {
          case "GET", "HEAD", "OPTIONS", "TRACE" -> false;
          default -> true;
        };
    if (unsafe && !sameOrigin(request)) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN, "cross-site request refused");
      return;
    }
    if (!access.loginEnabled() || (isPublic(path) && !unsafe)) {
      chain.doFilter(request, response);
      return;
    }
    if (path.equals(LoginController.LOGIN)) {
      // the login form carries the token of its pre-login session (login CSRF)
      if (!SessionKeys.csrfValid(request)) {
        response.sendRedirect(request.getContextPath() + LoginController.LOGIN + "?expired");
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    if (!SessionKeys.loggedIn(request.getSession(false))) {
      if ("true".equals(request.getHeader("HX-Request"))) {
        response.setHeader("HX-Redirect", request.getContextPath() + LoginController.LOGIN);
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "login required");
      } else if (!unsafe) {
        String next =
            path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        response.sendRedirect(
            request.getContextPath()
                + LoginController.LOGIN
                + "?next="
                + URLEncoder.encode(next, StandardCharsets.UTF_8));
      } else {
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "login required");
      }
      return;
    }
    if (unsafe && !SessionKeys.csrfValid(request)) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN, "missing or wrong CSRF token");
      return;
    }
    chain.doFilter(request, response);
  }

  /**
   * Paths reachable without login: the login page, static assets (no data in them), and the
   * actuator, which the API-key filter guards before this one (health open, the rest a platform key
   * while login is on).
   */
  static boolean isPublic(String path) {
    return path.equals(LoginController.LOGIN)
        || path.equals("/actuator")
        || path.startsWith("/actuator/")
        || path.startsWith("/css/")
        || path.startsWith("/js/")
        || path.startsWith("/vendor/")
        || path.startsWith("/webjars/")
        || path.equals("/favicon.svg")
        || path.equals("/error");
  }

  /**
   * No {@code Origin} (old browsers, curl; and same-origin GETs) passes; otherwise its host and
   * port must be this request's {@code Host}. The scheme is not compared, so TLS ending at a proxy
   * in front still works.
   */
  static boolean sameOrigin(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    String host = request.getHeader("Host");
    if (host == null || origin.equals("null")) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      if (uri.getHost() == null) {
        return false;
      }
      String authority = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
      return authority.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))
          || stripDefaultPort(host, uri.getScheme()).equalsIgnoreCase(authority);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String stripDefaultPort(String host, String scheme) {
    String defaultPort = "https".equals(scheme) ? ":443" : ":80";
    return host.endsWith(defaultPort)
        ? host.substring(0, host.length() - defaultPort.length())
        : host;
  }
}
