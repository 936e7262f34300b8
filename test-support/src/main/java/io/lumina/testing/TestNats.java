package io.lumina.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * Private JetStream names for one test JVM on the NATS server of this machine ({@code
 * LUMINA_TEST_NATS_URL}, default {@code nats://127.0.0.1:4222}); the stream is deleted when the JVM
 * exits.
 */
public final class TestNats {
  private static final TestNats SHARED = new TestNats();

  private final String url;
  private final String run;
  private volatile boolean cleanupRegistered;

  private TestNats() {
    this.url = TestDatabase.env("LUMINA_TEST_NATS_URL", "nats://127.0.0.1:4222");
    this.run =
        UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
  }

  public static TestNats shared() {
    SHARED.registerCleanup();
    return SHARED;
  }

  public String url() {
    return url;
  }

  public String stream() {
    return "LUMINA_SPANS_T" + run.toUpperCase(Locale.ROOT);
  }

  public String subject() {
    return "lumina_t" + run + ".spans";
  }

  public String durableName() {
    return "lumina-worker-t" + run;
  }

  /** A fresh connection for a test's own checks; the caller closes it. */
  public Connection connect() throws IOException, InterruptedException {
    return Nats.connect(
        new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(2)).build());
  }

  private synchronized void registerCleanup() {
    if (cleanupRegistered) {
      return;
    }
    cleanupRegistered = true;
    Runtime.getRuntime().addShutdownHook(new Thread(this::deleteStream, "delete-" + stream()));
  }

  private void deleteStream() {
    try (Connection c = connect()) {
      c.jetStreamManagement().deleteStream(stream());
    } catch (IOException | JetStreamApiException e) {
      // Stream never created, or NATS already gone: nothing to clean.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
