package io.lumina.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends one JSON POST under the {@link OutboundPolicy}: the host is resolved and checked once and
 * the socket connects to a checked address (TLS still verifies the certificate against the URL's
 * host name, which is also sent as SNI and in {@code Host}); one deadline covers resolving,
 * connecting, TLS, sending and the whole answer, so neither a server that never stops sending nor
 * one that sends a byte a second holds the caller past it; the body is read up to a bound and cut
 * there; redirects are answers like any other, never followed. HTTP/1.1 with {@code Connection:
 * close}: the callers send a few requests a minute, so there is nothing to pool.
 */
public final class OutboundHttpClient {

  public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "lumina-outbound-deadline");
            t.setDaemon(true);
            return t;
          });

  private final OutboundPolicy policy;
  private final SSLSocketFactory tls;
  private final int maxResponseBytes;

  public OutboundHttpClient(OutboundPolicy policy, SSLContext tls, int maxResponseBytes) {
    this(policy, tls.getSocketFactory(), maxResponseBytes);
  }

  private OutboundHttpClient(OutboundPolicy policy, SSLSocketFactory tls, int maxResponseBytes) {
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
    this.policy = policy;
    this.tls = tls;
    this.maxResponseBytes = maxResponseBytes;
  }

  public OutboundHttpClient(OutboundPolicy policy, int maxResponseBytes) {
    this(policy, defaultTls(), maxResponseBytes);
  }

  private static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default TLS context", e);
    }
  }

  public OutboundPolicy policy() {
    return policy;
  }

  /** The same policy and TLS with another response bound. */
  public OutboundHttpClient withMaxResponseBytes(int maxBytes) {
    return new OutboundHttpClient(policy, tls, maxBytes);
  }

  /** The response bound this client applies when a call names none. */
  public int maxResponseBytes() {
    return maxResponseBytes;
  }

  /** A POST with this client's response bound. */
  public OutboundResponse post(URI uri, Map<String, String> headers, byte[] body, Duration deadline)
      throws IOException, InterruptedException {
    return post(uri, headers, body, deadline, maxResponseBytes);
  }

  /**
   * A POST of {@code body} with {@code headers}; the answer within {@code deadline} or a {@link
   * HttpTimeoutException}.
   *
   * @throws OutboundRefusedException when the policy refuses the target (nothing was sent)
   * @throws IllegalArgumentException when a header name or value could split the request
   */
  public OutboundResponse post(
      URI uri, Map<String, String> headers, byte[] body, Duration deadline, int maxBytes)
      throws IOException, InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    long end = System.nanoTime() + deadline.toNanos();
    byte[] head = HttpExchange.requestHead(uri, headers, body.length);
    OutboundPolicy.Target target = resolve(uri, end, deadline);
    IOException connectFailure = null;
    for (InetAddress address : target.addresses()) {
      long remaining = end - System.nanoTime();
      if (remaining <= 0) {
        throw timeout(deadline);
      }
      Socket socket = new Socket();
      ScheduledFuture<?> watchdog =
          WATCHDOG.schedule(() -> closeQuietly(socket), remaining, TimeUnit.NANOSECONDS);
      try {
        try {
          socket.connect(new InetSocketAddress(address, target.port()), millis(remaining));
        } catch (IOException e) {
          if (System.nanoTime() - end >= 0) {
            throw timeout(deadline);
          }
          connectFailure = e;
          continue;
        }
        Socket s = target.tls() ? secure(socket, target, end, deadline) : socket;
        return HttpExchange.exchange(s, head, body, end, maxBytes, deadline);
      } catch (IOException e) {
        if (!(e instanceof HttpTimeoutException) && System.nanoTime() - end >= 0) {
          throw timeout(deadline);
        }
        throw e;
      } finally {
        watchdog.cancel(false);
        closeQuietly(socket);
      }
    }
    throw connectFailure != null ? connectFailure : new IOException("no address to connect to");
  }

  /** The policy's resolution, also under the deadline (a resolver can hang for long). */
  private OutboundPolicy.Target resolve(URI uri, long end, Duration deadline)
      throws IOException, InterruptedException {
    FutureTask<OutboundPolicy.Target> task = new FutureTask<>(() -> policy.resolve(uri));
    Thread.ofVirtual().name("lumina-outbound-resolve").start(task);
    try {
      return task.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      throw timeout(deadline);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    }
  }

  private Socket secure(Socket socket, OutboundPolicy.Target target, long end, Duration deadline)
      throws IOException {
    SSLSocket ssl = (SSLSocket) tls.createSocket(socket, target.host(), target.port(), true);
    SSLParameters parameters = ssl.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!target.host().contains(":") && Addresses.literal(target.host()).isEmpty()) {
      parameters.setServerNames(List.of(new SNIHostName(target.host())));
    }
    ssl.setSSLParameters(parameters);
    long remaining = end - System.nanoTime();
    if (remaining <= 0) {
      throw timeout(deadline);
    }
    ssl.setSoTimeout(millis(remaining));
    ssl.startHandshake();
    return ssl;
  }

  static int millis(long nanos) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos)));
  }

  static HttpTimeoutException timeout(Duration deadline) {
    return new HttpTimeoutException("no complete answer within " + deadline.toMillis() + " ms");
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing to stop the exchange; nothing to report
    }
  }
}
