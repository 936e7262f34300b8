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
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
@Component
public class DeliveryDispatcher {
  private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

  private final DeliveryStore store;
  private final Map<ChannelType, Notifier> notifiers;
  private final DeliveryProperties properties;
  private final Clock clock;
  private final OutboundHttpClient http;
  private final MeterRegistry meters;
  private final Timer latency;

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
  }

  /** Sends what is due now; returns how many deliveries it attempted. */
  public int dispatchOnce() {
    Instant now = clock.instant();
    List<Long> leased = store.lease(now, now.plus(properties.lease()), properties.batchSize());
    if (leased.isEmpty()) {
      return 0;
    }
    for (Delivery d : store.load(leased)) {
      attempt(d);
    }
    return leased.size();
  }

  private void attempt(Delivery d) {
    Notifier notifier = d.channel().enabled() ? notifiers.get(d.channel().type()) : null;
    if (notifier == null) {
      store.failed(
          d.id(),
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
        store.delivered(d.id(), status, clock.instant());
        outcome(d, "delivered");
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
    store.failed(d.id(), status, error, now, retryAt);
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
