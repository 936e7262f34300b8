package io.lumina.queue;

/** Result of a queue health check, with a message for operators when it is down. */
public record QueueHealth(boolean up, String detail) {
  public static QueueHealth up(String detail) {
    return new QueueHealth(true, detail);
  }

  public static QueueHealth down(String detail) {
    return new QueueHealth(false, detail);
  }
}
