package io.lumina.outbound;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code lumina.outbound.*}: the operator's allow-list and the response bounds of outbound requests
 * (docs/configuration.md).
 *
 * @param allow host names ({@code hooks.internal}, {@code *.corp.example}), IP addresses and CIDR
 *     blocks that may be reached although they are in a refused range ({@code
 *     LUMINA_OUTBOUND_ALLOW}, comma-separated)
 * @param maxResponseBody how much of a notification endpoint's answer is read (the rest is cut)
 * @param maxModelResponseBody how much of a model provider's, judge's or embeddings server's answer
 *     is read: these answers are the data, so the bound is larger
 */
@Validated
@ConfigurationProperties("lumina.outbound")
public record OutboundProperties(
    @NotNull @DefaultValue List<String> allow,
    @NotNull @DefaultValue("64KB") DataSize maxResponseBody,
    @NotNull @DefaultValue("8MB") DataSize maxModelResponseBody) {

  public OutboundProperties {
    allow = allow == null ? List.of() : List.copyOf(allow);
    new OutboundAllowList(allow); // fails the start naming a bad entry
    check("max-response-body", maxResponseBody);
    check("max-model-response-body", maxModelResponseBody);
  }

  private static void check(String name, DataSize size) {
    if (size != null && (size.toBytes() < 1024 || size.toBytes() > 256L * 1024 * 1024)) {
      throw new IllegalArgumentException(
          "lumina.outbound." + name + " must be 1KB to 256MB, was " + size);
    }
  }

  public OutboundAllowList allowList() {
    return new OutboundAllowList(allow);
  }
}
