package io.lumina.query.alerts;

import io.lumina.api.alerts.ChannelRequest;
import io.lumina.api.alerts.ChannelType;
import io.lumina.outbound.OutboundPolicy;
import io.lumina.outbound.OutboundRefusedException;
import io.lumina.storage.alerts.ChannelDefinition;
import java.net.URI;
import java.util.List;

/** Validates notification channel requests; each refusal names its field. */
final class ChannelRequests {
  private ChannelRequests() {}

  /**
   * @param policy the outbound policy: a URL whose literal address it refuses is a 400 naming the
   *     rule (a name is checked when a notification is sent)
   * @param defaultPagerDutyUrl the URL of a PagerDuty channel sent without one
   * @param creating a new channel (else an update of one)
   * @param storedSecret whether the channel being updated has a secret
   */
  static ChannelDefinition validate(
      ChannelRequest c,
      OutboundPolicy policy,
      String defaultPagerDutyUrl,
      boolean creating,
      boolean storedSecret) {
    ChannelType type =
        ChannelType.fromWire(c.type() == null ? ChannelType.WEBHOOK.wire() : c.type())
            .orElseThrow(
                () ->
                    AlertApiException.badField(
                        "type", "type must be one of " + ChannelType.wireNames()));
    String name = c.name();
    if (name == null || name.isBlank() || name.length() > 200) {
      throw AlertApiException.badField("name", "name is required (1 to 200 characters)");
    }
    String u = c.url() == null && type == ChannelType.PAGERDUTY ? defaultPagerDutyUrl : c.url();
    if (u == null || u.isBlank()) {
      throw AlertApiException.badField("url", "url is required");
    }
    try {
      URI uri = URI.create(u);
      refuseInternal(policy, uri);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw AlertApiException.badField("url", "url must be an absolute http or https URL");
      }
    } catch (IllegalArgumentException e) {
      throw AlertApiException.badField("url", "url is not a valid URL");
    }
    String secret = c.secret();
    if (secret != null && secret.length() > 1000) {
      throw AlertApiException.badField("secret", "secret must be at most 1000 characters");
    }
    boolean willHaveSecret = secret != null ? !secret.isEmpty() : !creating && storedSecret;
    if (type == ChannelType.PAGERDUTY && !willHaveSecret) {
      throw AlertApiException.badField(
          "secret", "a pagerduty channel needs its routing key as secret");
    }
    List<String> services = c.services() == null ? List.of() : c.services();
    for (String service : services) {
      if (service == null || service.isBlank()) {
        throw AlertApiException.badField("services", "services must not contain blank names");
      }
    }
    return new ChannelDefinition(
        name.strip(), type, u, secret, services, c.enabled() == null || c.enabled());
  }

  private static void refuseInternal(OutboundPolicy policy, URI uri) {
    try {
      policy.checkConfigured(uri);
    } catch (OutboundRefusedException e) {
      if (e.rule() != null) {
        throw AlertApiException.badField("url", "url refused: " + e.getMessage());
      }
      // an unusable URL: the form check after this names what is wrong
    }
  }
}
