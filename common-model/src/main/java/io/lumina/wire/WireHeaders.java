package io.lumina.wire;

/** Header names of a span message on the queue. The body is OTLP protobuf; these carry the rest. */
public final class WireHeaders {
  public static final String PROJECT = "Lumina-Project";
  public static final String RECEIVED_AT = "Lumina-Received-At";
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String OTLP_PROTOBUF = "application/x-protobuf";

  /** On a dead-lettered message: why it could not be processed. */
  public static final String DEAD_LETTER_REASON = "Lumina-Dead-Letter-Reason";

  /** On a dead-lettered message: how often it had been delivered. */
  public static final String DELIVERIES = "Lumina-Deliveries";

  /** On a dead-lettered message: the original message id, used again when it is replayed. */
  public static final String MESSAGE_ID = "Lumina-Message-Id";

  private WireHeaders() {}
}
