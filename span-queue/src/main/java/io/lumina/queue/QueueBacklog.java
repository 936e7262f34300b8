package io.lumina.queue;

/**
 * What the queue holds that no consumer has acknowledged yet: the work the workers still have to
 * do.
 *
 * @param messages stored messages not yet acknowledged
 * @param bytes their size as the queue counts it (JetStream: the stream's bytes, headers included;
 *     the table queue: payload bytes)
 */
public record QueueBacklog(long messages, long bytes) {
  public QueueBacklog {
    if (messages < 0 || bytes < 0) {
      throw new IllegalArgumentException("backlog cannot be negative: " + messages + ", " + bytes);
    }
  }
}
