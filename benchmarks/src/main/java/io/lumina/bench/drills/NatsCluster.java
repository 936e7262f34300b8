package io.lumina.bench.drills;

import io.lumina.bench.e2e.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Three nats-servers in one JetStream cluster on loopback ports of their own, each with its own
 * store, any of which can be SIGKILLed and started again on the same store.
 */
final class NatsCluster implements AutoCloseable {
  private static final Path NATS_SERVER = Path.of("/usr/sbin/nats-server");

  private final Path root;
  private final int[] clientPorts = new int[3];
  private final int[] routePorts = new int[3];
  private final int[] monitorPorts = new int[3];
  private final Process[] nodes = new Process[3];
  private final HttpClient http = HttpClient.newHttpClient();

  private NatsCluster(Path root) {
    this.root = root;
    for (int i = 0; i < 3; i++) {
      clientPorts[i] = ChildJvm.freePort();
      routePorts[i] = ChildJvm.freePort();
      monitorPorts[i] = ChildJvm.freePort();
    }
  }

  static NatsCluster start(Path root) throws IOException, InterruptedException {
    NatsCluster cluster = new NatsCluster(root);
    for (int i = 0; i < 3; i++) {
      cluster.startNode(i);
    }
    for (int i = 0; i < 3; i++) {
      cluster.awaitReady(i, Duration.ofSeconds(60));
    }
    return cluster;
  }

  /** Every node's client URL, as the services are configured with them. */
  String urls() {
    return IntStream.range(0, 3)
        .mapToObj(i -> "nats://127.0.0.1:" + clientPorts[i])
        .collect(Collectors.joining(","));
  }

  void startNode(int i) throws IOException {
    Path store = root.resolve("n" + (i + 1));
    Files.createDirectories(store);
    String routes =
        IntStream.range(0, 3)
            .filter(j -> j != i)
            .mapToObj(j -> "nats://127.0.0.1:" + routePorts[j])
            .collect(Collectors.joining(","));
    List<String> command =
        new ArrayList<>(
            List.of(
                NATS_SERVER.toString(),
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(clientPorts[i]),
                "-m",
                Integer.toString(monitorPorts[i]),
                "-js",
                "-sd",
                store.toString(),
                "-n",
                "drill-n" + (i + 1),
                "--cluster_name",
                "drill",
                "--cluster",
                "nats://127.0.0.1:" + routePorts[i],
                "--routes",
                routes));
    nodes[i] =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(root.resolve("n" + (i + 1) + ".log").toFile()))
            .start();
  }

  /** Waits until the node answers its health check with JetStream ready. */
  void awaitReady(int i, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI health = URI.create("http://127.0.0.1:" + monitorPorts[i] + "/healthz");
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    throw new IllegalStateException(
        "nats node "
            + (i + 1)
            + " not ready within "
            + timeout
            + ": "
            + LocalProcesses.tail(root.resolve("n" + (i + 1) + ".log"), 10));
  }

  /** SIGKILLs node {@code i}: no flush, no goodbye to the cluster. */
  void kill(int i) throws InterruptedException {
    nodes[i].destroyForcibly();
    nodes[i].waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    for (Process p : nodes) {
      if (p != null) {
        p.destroy();
      }
    }
    for (Process p : nodes) {
      if (p != null) {
        try {
          p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        p.destroyForcibly();
      }
    }
  }
}
