package io.lumina.queue.jetstream;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how spans live in JetStream ({@code lumina.nats.*}; environment {@code
 * LUMINA_NATS_URL}, {@code LUMINA_NATS_PREFIX}...), the same for ingestion and the worker.
 *
 * <p>Every NATS resource an installation creates takes the {@code prefix}: the stream, its
 * subjects, the durable consumer and any key-value bucket (ingestion's daily trace counts).
 * Installations, or test runs, sharing one NATS server with different prefixes never see each
 * other's data. Use {@link #streamName()}, {@link #subjectName()} and {@link #prefixed} for the
 * names on the server; {@link #stream()} and {@link #subject()} are the configured names before the
 * prefix.
 *
 * @param url NATS server URL(s), comma separated
 * @param prefix put in front of every stream, subject, consumer and bucket name; letters, digits,
 *     {@code _} and {@code -} only; empty (the default) keeps the names of installations that
 *     predate it
 * @param stream stream name before the prefix ({@code LUMINA_SPANS})
 * @param subject subject the spans are published on, before the prefix ({@code lumina.spans})
 * @param maxAge how long unconsumed messages are kept (acknowledged ones leave the stream at once:
 *     work-queue retention)
 * @param maxBytes stream size limit, -1 for none; only unconsumed messages count against it; when
 *     full, publishes are refused (ingestion answers 503), never silently dropped
 * @param duplicateWindow how long a {@code Nats-Msg-Id} is remembered to drop client retries
 * @param publishTimeout how long ingestion waits for the publish acknowledgement
 * @param replicas stream replicas (1 for a single server)
 * @param deadLetterStream stream of the dead letters, before the prefix ({@code
 *     LUMINA_DEAD_LETTERS}); its subject is the span subject followed by {@code .dead}
 * @param deadLetterMaxAge how long a dead letter is kept
 * @param deadLetterMaxBytes dead-letter stream size limit, -1 for none; when full, a message that
 *     should be dead-lettered stays in the span stream (redelivered later) rather than being lost
 * @param publishConnections connections ingestion publishes spans over, in turn (the worker does
 *     not publish spans and ignores it): one connection's messages are written by one client thread
 *     and read by one server loop, one after the other, so concurrent requests queue behind each
 *     other on a single connection
 */
@Validated
@ConfigurationProperties("lumina.nats")
public record JetStreamSettings(
    @DefaultValue("nats://127.0.0.1:4222") @NotBlank String url,
    @DefaultValue("") String prefix,
    @DefaultValue("LUMINA_SPANS") @NotBlank String stream,
    @DefaultValue("lumina.spans") @NotBlank String subject,
    @DefaultValue("7d") @NotNull Duration maxAge,
    @DefaultValue("-1") long maxBytes,
    @DefaultValue("2m") @NotNull Duration duplicateWindow,
    @DefaultValue("5s") @NotNull Duration publishTimeout,
    @DefaultValue("1") @Positive int replicas,
    @DefaultValue("LUMINA_DEAD_LETTERS") @NotBlank String deadLetterStream,
    @DefaultValue("30d") @NotNull Duration deadLetterMaxAge,
    @DefaultValue("1073741824") long deadLetterMaxBytes,
    @DefaultValue("4") @Positive int publishConnections) {

  /** What stream, consumer and key-value bucket names all accept (subjects too). */
  private static final String NAME_CHARACTERS = "[A-Za-z0-9_-]*";

  public JetStreamSettings {
    Objects.requireNonNull(url, "url");
    prefix = prefix == null ? "" : prefix;
    if (!prefix.matches(NAME_CHARACTERS)) {
      throw new IllegalArgumentException(
          "lumina.nats.prefix may hold only letters, digits, '_' and '-': " + prefix);
    }
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(duplicateWindow, "duplicateWindow");
    Objects.requireNonNull(publishTimeout, "publishTimeout");
    deadLetterStream = deadLetterStream == null ? "LUMINA_DEAD_LETTERS" : deadLetterStream;
    deadLetterMaxAge = deadLetterMaxAge == null ? Duration.ofDays(30) : deadLetterMaxAge;
    if (publishConnections < 1) {
      throw new IllegalArgumentException(
          "lumina.nats.publish-connections must be at least 1: " + publishConnections);
    }
  }

  /** The defaults, on the server at {@code url}, without a prefix. */
  public static JetStreamSettings defaults(String url) {
    return new JetStreamSettings(
        url,
        "",
        "LUMINA_SPANS",
        "lumina.spans",
        Duration.ofDays(7),
        -1,
        Duration.ofMinutes(2),
        Duration.ofSeconds(5),
        1,
        "LUMINA_DEAD_LETTERS",
        Duration.ofDays(30),
        1L << 30,
        4);
  }

  /** The same settings under another prefix. */
  public JetStreamSettings withPrefix(String newPrefix) {
    return new JetStreamSettings(
        url,
        newPrefix,
        stream,
        subject,
        maxAge,
        maxBytes,
        duplicateWindow,
        publishTimeout,
        replicas,
        deadLetterStream,
        deadLetterMaxAge,
        deadLetterMaxBytes,
        publishConnections);
  }

  /** A resource name as it is on the server: {@code name} after the prefix. */
  public String prefixed(String name) {
    return prefix + name;
  }

  /** The span stream's name on the server. */
  public String streamName() {
    return prefixed(stream);
  }

  /** The subject spans are published on. */
  public String subjectName() {
    return prefixed(subject);
  }

  /**
   * Subject of messages that failed too often, with the reason and delivery count in headers; it
   * belongs to {@link #deadLetterStreamName()}, not to the span stream.
   */
  public String deadLetterSubject() {
    return subjectName() + ".dead";
  }

  /** The dead-letter stream's name on the server. */
  public String deadLetterStreamName() {
    return prefixed(deadLetterStream);
  }
}
