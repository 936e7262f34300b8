package io.lumina.service.security;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lumina.http.*}, the same in every service (docs/configuration.md).
 *
 * @param allowedHosts the host names (and addresses) clients use to reach this service ({@code
 *     LUMINA_ALLOWED_HOSTS}, comma-separated); requests addressed to any other name get 421 and
 *     state-changing requests from any other origin 403. Empty (the default): the loopback names
 *     while authentication is off, any name while it is on.
 */
@Validated
@ConfigurationProperties("lumina.http")
public record LuminaHttpProperties(@NotNull @DefaultValue List<String> allowedHosts) {

  public LuminaHttpProperties {
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    for (String host : allowedHosts) {
      String h = host.strip();
      if (!h.isEmpty() && !h.matches("[A-Za-z0-9._\\-]+|\\[[0-9A-Fa-f:.]+\\]|[0-9A-Fa-f:.]+")) {
        throw new IllegalArgumentException(
            "lumina.http.allowed-hosts entry '"
                + host
                + "' is not a host name or IP address (no scheme, port or path)");
      }
    }
  }
}
