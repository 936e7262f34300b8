package io.lumina.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * A NATS prefix of one test JVM's own on the NATS server of this machine ({@code
 * LUMINA_TEST_NATS_URL}, default {@code nats://127.0.0.1:4222}). Services started with {@link
 * TestInfra} put it in front of every stream, subject, consumer and key-value bucket they create
 * ({@code lumina.nats.prefix}), so parallel runs, earlier runs and installations on the same server
 * never share a stream or a daily trace count. Everything under the prefix is deleted when the JVM
 * exits.
 */
public final class TestNats {
  private static final TestNats SHARED = new TestNats();

  private final String url;
  private final String prefix;
  private volatile boolean cleanupRegistered;

  private TestNats() {
    this.url = TestDatabase.env("LUMINA_TEST_NATS_URL", "nats://127.0.0.1:4222");
    this.prefix = "T" + randomId() + "_";
  }

  public static TestNats shared() {
    SHARED.registerCleanup();
    return SHARED;
  }

  public String url() {
    return url;
  }

  /** This JVM's {@code lumina.nats.prefix}. */
  public String prefix() {
    return prefix;
  }

  /**
   * A prefix of one test's own inside this JVM's (for a test that must not share a stream with the
   * services other test classes left running); deleted with the JVM's.
   */
  public String newPrefix() {
    return prefix + randomId() + "_";
  }

  /** The span stream services of this JVM use (the default stream name after the prefix). */
  public String stream() {
    return prefix + "LUMINA_SPANS";
  }

  /** A fresh connection for a test's own checks; the caller closes it. */
  public Connection connect() throws IOException, InterruptedException {
    return Nats.connect(
        new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(2)).build());
  }

  private static String randomId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
  }

  private synchronized void registerCleanup() {
    if (cleanupRegistered) {
      return;
    }
    cleanupRegistered = true;
    Runtime.getRuntime().addShutdownHook(new Thread(this::deleteAll, "delete-" + prefix));
  }

  /** Streams, their consumers, and key-value buckets (streams named {@code KV_<bucket>}). */
  private void deleteAll() {
    try (Connection c = connect()) {
      JetStreamManagement jsm = c.jetStreamManagement();
      for (String stream : jsm.getStreamNames()) {
        if (stream.startsWith(prefix) || stream.startsWith("KV_" + prefix)) {
          jsm.deleteStream(stream);
        }
      }
    } catch (IOException | JetStreamApiException e) {
      // NATS already gone: nothing to clean.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
