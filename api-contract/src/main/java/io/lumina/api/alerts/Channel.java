package io.lumina.api.alerts;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A notification channel as the API shows it: never its secret (only whether it has one), and a
 * Slack URL only up to its path, since Slack puts the credential in the URL ({@link #shownUrl}).
 *
 * @param services the services whose alerts it gets; empty: all
 */
public record Channel(
    String id,
    String name,
    ChannelType type,
    String url,
    boolean hasSecret,
    List<String> services,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt) {

  /** The URL as it may be shown: a Slack URL without its path, which is the credential. */
  public static String shownUrl(ChannelType type, String url) {
    if (type != ChannelType.SLACK) {
      return url;
    }
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getAuthority() + "/…";
  }

  /**
   * This channel as a read-only key sees it: the URL cut to its scheme and host, since webhook URLs
   * often carry a token in their path or query.
   */
  public Channel forReader() {
    return new Channel(
        id, name, type, schemeAndHost(url), hasSecret, services, enabled, createdAt, updatedAt);
  }

  private static String schemeAndHost(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri.getScheme() + "://" + uri.getHost() + "/…";
      }
    } catch (IllegalArgumentException e) {
      // not a URI: shown as nothing below
    }
    return "…";
  }
}
