package io.lumina.ingestion.limits;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.StorageType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Counts in a JetStream key-value bucket with compare-and-set updates (create when absent, update
 * at the revision read), so concurrent replicas never lose an increment. The bucket's TTL removes
 * old days.
 */
public final class KeyValueTraceCounter implements TraceCounter {
  /** JetStream "wrong last sequence": another replica updated the key first. */
  private static final int WRONG_LAST_SEQUENCE = 10071;

  private static final int MAX_ATTEMPTS = 32;

  private final Connection connection;
  private final String bucket;
  private final Duration ttl;
  private final Duration timeout;
  private final int replicas;
  private volatile KeyValue keyValue;

  public KeyValueTraceCounter(
      Connection connection, String bucket, Duration ttl, Duration timeout, int replicas) {
    this.connection = connection;
    this.replicas = replicas;
    this.bucket = bucket;
    this.ttl = ttl;
    this.timeout = timeout;
  }

  @Override
  public Count tryAdd(String key, long delta, long ceiling) {
    // While disconnected jnats would queue the request until the timeout; fail at once instead.
    if (connection.getStatus() != Connection.Status.CONNECTED) {
      throw new CounterUnavailableException(
          "NATS is not connected (" + connection.getStatus() + ")", null);
    }
    try {
      KeyValue kv = keyValue();
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        KeyValueEntry entry = kv.get(key);
        boolean present = entry != null && entry.getOperation() == KeyValueOperation.PUT;
        long current = present ? parse(entry.getValue()) : 0;
        long next = Math.max(0, current + delta);
        if (delta > 0 && next > ceiling) {
          return new Count(false, current);
        }
        byte[] value = Long.toString(next).getBytes(StandardCharsets.US_ASCII);
        try {
          if (entry == null) {
            kv.create(key, value);
          } else {
            kv.update(key, value, entry.getRevision());
          }
          return new Count(true, next);
        } catch (JetStreamApiException e) {
          if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
            throw e;
          }
          // lost the race to another replica: read again
        }
      }
      throw new CounterUnavailableException("too much contention on " + bucket + "/" + key, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CounterUnavailableException("interrupted", e);
    } catch (CounterUnavailableException e) {
      throw e;
    } catch (Exception e) {
      throw new CounterUnavailableException(
          "key-value bucket " + bucket + " unavailable: " + e.getMessage(), e);
    }
  }

  private KeyValue keyValue() throws Exception {
    KeyValue kv = keyValue;
    if (kv != null) {
      return kv;
    }
    synchronized (this) {
      if (keyValue == null) {
        var management =
            connection.keyValueManagement(
                KeyValueOptions.builder().jsRequestTimeout(timeout).build());
        if (!management.getBucketNames().contains(bucket)) {
          try {
            management.create(
                KeyValueConfiguration.builder()
                    .name(bucket)
                    .maxHistoryPerKey(1)
                    .ttl(ttl)
                    // as many copies as the span stream: losing a NATS node must not reset limits
                    .replicas(replicas)
                    .storageType(StorageType.File)
                    .description("Lumina daily trace counts per project and UTC day")
                    .build());
          } catch (JetStreamApiException e) {
            // created by another replica meanwhile; use it
          }
        }
        keyValue =
            connection.keyValue(
                bucket, KeyValueOptions.builder().jsRequestTimeout(timeout).build());
      }
      return keyValue;
    }
  }

  private static long parse(byte[] value) {
    try {
      return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return 0; // a value no replica wrote; start over rather than block the project
    }
  }
}
