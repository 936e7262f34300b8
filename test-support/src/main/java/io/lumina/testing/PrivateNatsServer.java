package io.lumina.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A nats-server with JetStream owned by one test, for outage tests: {@link #stop()} and {@link
 * #start()} again keep the port and the store directory, so clients reconnect to the same address
 * and find the stream as it was. Never touches the shared server of this machine.
 *
 * <p>Binary from {@code LUMINA_TEST_NATS_SERVER} (default {@code /usr/sbin/nats-server}).
 */
public final class PrivateNatsServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final String binary;
  private final int port;
  private final Path storeDir;
  private Process process;

  private PrivateNatsServer(String binary, int port, Path storeDir) {
    this.binary = binary;
    this.port = port;
    this.storeDir = storeDir;
  }

  /**
   * Starts a server on a free loopback port with a fresh store directory; deleted on {@link
   * #close()}.
   */
  public static PrivateNatsServer startNew() {
    try {
      PrivateNatsServer server =
          new PrivateNatsServer(
              TestDatabase.env("LUMINA_TEST_NATS_SERVER", "/usr/sbin/nats-server"),
              freePort(),
              Files.createTempDirectory("lumina-nats-"));
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /**
   * Starts (again) on the same port and store directory; returns once the port accepts connections.
   */
  public synchronized void start() {
    if (running()) {
      return;
    }
    try {
      Path log = storeDir.resolve("server.log");
      process =
          new ProcessBuilder(
                  binary,
                  "-a",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(port),
                  "-js",
                  "-sd",
                  storeDir.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!accepts()) {
        if (!process.isAlive()) {
          throw new IllegalStateException("nats-server exited: " + Files.readString(log));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "nats-server did not listen on " + port + " within " + START_TIMEOUT);
        }
        Thread.onSpinWait();
        process.waitFor(20, TimeUnit.MILLISECONDS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting nats-server", e);
    }
  }

  /**
   * Stops the server (SIGTERM, then SIGKILL after 5 s); the store directory stays for {@link
   * #start()}.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public synchronized void close() {
    stop();
    try (Stream<Path> files = Files.walk(storeDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temp directory left behind is harmless.
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
