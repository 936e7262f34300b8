package io.lumina.queue.jetstream;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how spans live in JetStream.
 *
 * @param url NATS server URL(s), comma separated
 * @param stream stream name ({@code LUMINA_SPANS})
 * @param subject subject the spans are published on ({@code lumina.spans})
 * @param maxAge how long unconsumed messages are kept
 * @param maxBytes stream size limit; when full, publishes are refused (never silently dropped)
 * @param duplicateWindow how long a {@code Nats-Msg-Id} is remembered to drop client retries
 * @param publishTimeout how long ingestion waits for the publish acknowledgement
 * @param replicas stream replicas (1 for a single server)
 */
public record JetStreamSettings(
    String url,
    String stream,
    String subject,
    Duration maxAge,
    long maxBytes,
    Duration duplicateWindow,
    Duration publishTimeout,
    int replicas) {

  public JetStreamSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(duplicateWindow, "duplicateWindow");
    Objects.requireNonNull(publishTimeout, "publishTimeout");
  }

  /** Subject of messages that failed too often, with the reason in a header. */
  public String deadLetterSubject() {
    return subject + ".dead";
  }

  public static JetStreamSettings defaults(String url) {
    return new JetStreamSettings(
        url,
        "LUMINA_SPANS",
        "lumina.spans",
        Duration.ofDays(7),
        -1,
        Duration.ofMinutes(2),
        Duration.ofSeconds(5),
        1);
  }
}
