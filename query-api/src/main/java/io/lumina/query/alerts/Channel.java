package io.lumina.query.alerts;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A notification channel as the API shows it: never its secret (only whether it has one), and a
 * Slack URL only up to its path, since Slack puts the credential in the URL.
 */
record Channel(
    String id,
    String name,
    String type,
    String url,
    boolean hasSecret,
    List<String> services,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt) {

  static final Set<String> TYPES = Set.of("webhook", "slack", "pagerduty");

  static String shownUrl(String type, String url) {
    if (!type.equals("slack")) {
      return url;
    }
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getAuthority() + "/…";
  }

  /**
   * The body of POST and PUT. {@code secret}: the webhook's HMAC key, or PagerDuty's routing key;
   * on PUT, omitted keeps the stored one and "" removes it.
   */
  record Input(
      String name, String type, String url, String secret, List<String> services, Boolean enabled) {

    Valid validate(String defaultPagerDutyUrl, boolean creating, boolean storedSecret) {
      String t = type == null ? "webhook" : type;
      if (!TYPES.contains(t)) {
        throw AlertApiException.badField("type", "type must be one of webhook, slack, pagerduty");
      }
      if (name == null || name.isBlank() || name.length() > 200) {
        throw AlertApiException.badField("name", "name is required (1 to 200 characters)");
      }
      String u = url == null && t.equals("pagerduty") ? defaultPagerDutyUrl : url;
      if (u == null || u.isBlank()) {
        throw AlertApiException.badField("url", "url is required");
      }
      try {
        URI uri = URI.create(u);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          throw AlertApiException.badField("url", "url must be an absolute http or https URL");
        }
      } catch (IllegalArgumentException e) {
        throw AlertApiException.badField("url", "url is not a valid URL");
      }
      if (secret != null && secret.length() > 1000) {
        throw AlertApiException.badField("secret", "secret must be at most 1000 characters");
      }
      boolean willHaveSecret = secret != null ? !secret.isEmpty() : !creating && storedSecret;
      if (t.equals("pagerduty") && !willHaveSecret) {
        throw AlertApiException.badField(
            "secret", "a pagerduty channel needs its routing key as secret");
      }
      List<String> s = services == null ? List.of() : services;
      for (String service : s) {
        if (service == null || service.isBlank()) {
          throw AlertApiException.badField("services", "services must not contain blank names");
        }
      }
      return new Valid(name.strip(), t, u, secret, s, enabled == null || enabled);
    }
  }

  record Valid(
      String name,
      String type,
      String url,
      String secret,
      List<String> services,
      boolean enabled) {}
}
