package io.lumina.worker.notify;

import io.lumina.api.alerts.ChannelType;
import io.lumina.outbound.Excerpt;
import io.lumina.outbound.OutboundHttpClient;
import io.lumina.outbound.OutboundRefusedException;
import io.lumina.outbound.OutboundResponse;
import io.lumina.storage.alerts.Delivery;
import io.lumina.storage.alerts.DeliveryStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends due deliveries from the outbox (alert_deliveries): leases a batch, builds each request with
 * its channel's {@link Notifier}, POSTs it, and records the outcome. 2xx is delivered; a timeout, a
 * connection failure, 408, 429 or 5xx is retried with exponential backoff until {@code
 * lumina.alerts.delivery.max-attempts}; any other status is a configuration error (wrong URL,
 * revoked key) that retrying cannot fix, so it fails at once, as does a target the outbound policy
 * refuses. Requests go through the {@link OutboundHttpClient} (no internal addresses unless
 * allowed, one deadline for the whole exchange, the answer read up to a bound, no redirects). Every
 * attempt's status and a sanitized excerpt of the answer are stored, so the API shows why a
 * notification did not arrive. Channel secrets never reach the log.
 *
 * <p>Each delivery is leased to this dispatcher ({@link #owner}) and the lease is renewed while the
 * request is in flight, so no other replica re-sends it however slow the endpoint is; an outcome is
 * recorded only while this dispatcher still holds the lease, so a delivered row never goes back.
 * Sends run on virtual threads, at most {@code per-channel-concurrency} per channel and {@code
 * max-in-flight} in all: a slow endpoint holds its own channel's slots, never the others'.
 */
@Component
public class DeliveryDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

  private final DeliveryStore store;
  private final Map<ChannelType, Notifier> notifiers;
  private final DeliveryProperties properties;
  private final Clock clock;
  private final OutboundHttpClient http;
  private final MeterRegistry meters;
  private final Timer latency;
  private final String owner;
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService renewer;

  /** Deliveries this dispatcher is sending, by id: their leases are renewed. */
  private final Map<Long, String> inFlight = new ConcurrentHashMap<>();

  /** Sends in flight per channel id (absent: none). */
  private final Map<String, Integer> perChannel = new ConcurrentHashMap<>();

  DeliveryDispatcher(
      DeliveryStore store,
      List<Notifier> notifiers,
      DeliveryProperties properties,
      Clock clock,
      MeterRegistry meters,
      OutboundHttpClient http) {
    this.store = store;
    this.notifiers =
        notifiers.stream().collect(Collectors.toMap(Notifier::type, Function.identity()));
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.http = http;
    this.latency =
        Timer.builder("lumina.alerts.delivery.latency")
            .description("one delivery attempt")
            .register(meters);
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    this.owner = "worker-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    this.renewer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("alert-delivery-lease").daemon().factory());
    long every = Math.max(properties.lease().toMillis() / 3, 100);
    renewer.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
  }

  /** The lease owner this dispatcher writes on the rows it sends. */
  String owner() {
    return owner;
  }

  /**
   * Leases what is due and starts sending it, without waiting for the answers; returns how many
   * sends it started. What the loop calls.
   */
  public int poll() {
    return start().size();
  }

  /**
   * Sends what is due now and waits for those sends to end; returns how many deliveries it
   * attempted. For stepping the dispatcher (tests, tools).
   */
  public int dispatchOnce() {
    List<Future<?>> started = start();
    for (Future<?> f : started) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException e) {
        log.warn("a delivery attempt failed unexpectedly", e.getCause());
      }
    }
    return started.size();
  }

  private List<Future<?>> start() {
    int free = properties.maxInFlight() - inFlight.size();
    if (free <= 0) {
      return List.of();
    }
    Instant now = clock.instant();
    Set<String> busy = new HashSet<>();
    perChannel.forEach(
        (channel, n) -> {
          if (n >= properties.perChannelConcurrency()) {
            busy.add(channel);
          }
        });
    List<Long> leased =
        store.lease(
            owner, now, now.plus(properties.lease()), Math.min(properties.batchSize(), free), busy);
    if (leased.isEmpty()) {
      return List.of();
    }
    List<Future<?>> started = new ArrayList<>();
    for (Delivery d : store.load(leased)) {
      String channel = d.channel().id();
      if (!takeSlot(channel)) {
        store.release(owner, d.id());
        continue;
      }
      inFlight.put(d.id(), channel);
      try {
        started.add(
            senders.submit(
                () -> {
                  try {
                    attempt(d);
                  } finally {
                    inFlight.remove(d.id());
                    perChannel.computeIfPresent(channel, (k, n) -> n <= 1 ? null : n - 1);
                  }
                }));
      } catch (RejectedExecutionException e) {
        inFlight.remove(d.id());
        perChannel.computeIfPresent(channel, (k, n) -> n <= 1 ? null : n - 1);
        break; // shutting down: the lease runs out and another replica sends it
      }
    }
    return started;
  }

  private boolean takeSlot(String channel) {
    boolean[] taken = {false};
    perChannel.compute(
        channel,
        (k, n) -> {
          int current = n == null ? 0 : n;
          if (current >= properties.perChannelConcurrency()) {
            return n;
          }
          taken[0] = true;
          return current + 1;
        });
    return taken[0];
  }

  /** Extends the lease of every delivery in flight; runs every third of the lease. */
  void renewLeases() {
    if (inFlight.isEmpty()) {
      return;
    }
    try {
      store.renew(owner, List.copyOf(inFlight.keySet()), clock.instant().plus(properties.lease()));
    } catch (RuntimeException e) {
      log.warn("could not renew the leases of {} deliveries in flight", inFlight.size(), e);
    }
  }

  @Override
  public void close() {
    renewer.shutdownNow();
    senders.shutdownNow();
  }

  private void attempt(Delivery d) {
    Notifier notifier = d.channel().enabled() ? notifiers.get(d.channel().type()) : null;
    if (notifier == null) {
      store.failed(
          d.id(),
          owner,
          null,
          "channel " + d.channel().id() + " is disabled or of unknown type",
          clock.instant(),
          null);
      return;
    }
    Integer status = null;
    String error;
    boolean retryable;
    long start = System.nanoTime();
    try {
      Notifier.Outgoing out = notifier.request(d, clock.instant());
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      headers.put("User-Agent", "Lumina-Alerts/1");
      headers.putAll(out.headers());
      OutboundResponse response =
          http.post(
              URI.create(out.url()),
              headers,
              out.body().getBytes(StandardCharsets.UTF_8),
              properties.timeout());
      status = response.status();
      if (status / 100 == 2) {
        if (store.delivered(d.id(), owner, status, clock.instant())) {
          outcome(d, "delivered");
        } else {
          log.warn("delivery {} was sent but its lease had passed to another dispatcher", d.id());
        }
        return;
      }
      error = response.failureSummary();
      retryable = status == 408 || status == 429 || status >= 500;
    } catch (OutboundRefusedException e) {
      error = "refused: " + Excerpt.of(e.getMessage());
      retryable = false;
    } catch (IOException | IllegalArgumentException e) {
      error =
          e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + Excerpt.of(e.getMessage()));
      retryable = !(e instanceof IllegalArgumentException);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // the lease runs out and another attempt follows
    } finally {
      latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
    int attempts = d.attempts() + 1;
    Instant now = clock.instant();
    Instant retryAt =
        retryable && attempts < properties.maxAttempts()
            ? now.plus(properties.backoff(attempts))
            : null;
    if (!store.failed(d.id(), owner, status, error, now, retryAt)) {
      return; // the lease passed to another dispatcher, whose outcome counts
    }
    outcome(d, retryAt == null ? "failed" : "retry");
    log.warn(
        "delivery {} of alert {} to channel {} ({}) failed on attempt {}: {}{}",
        d.id(),
        d.alert().id(),
        d.channel().id(),
        d.channel().type(),
        attempts,
        error,
        retryAt == null ? "; giving up" : "; retrying at " + retryAt);
  }

  private void outcome(Delivery d, String outcome) {
    meters
        .counter(
            "lumina.alerts.deliveries",
            "channel",
            String.valueOf(d.channel().type()),
            "outcome",
            outcome)
        .increment();
  }
}
