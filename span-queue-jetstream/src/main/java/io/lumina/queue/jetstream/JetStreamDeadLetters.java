package io.lumina.queue.jetstream;

import io.lumina.queue.DeadLetter;
import io.lumina.queue.DeadLetterStore;
import io.lumina.queue.QueueUnavailableException;
import io.lumina.wire.WireHeaders;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamState;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dead letters in their own stream ({@link JetStreamSettings#deadLetterStreamName()}): the
 * original headers and payload, with the reason, the delivery count and the original message id in
 * headers. A dead letter's id is its sequence in that stream.
 */
public final class JetStreamDeadLetters implements DeadLetterStore {
  private static final int NO_MESSAGE_FOUND = 10037;
  private static final int STREAM_NOT_FOUND = 10059;

  private final Connection connection;
  private final JetStreamSettings settings;

  public JetStreamDeadLetters(Connection connection, JetStreamSettings settings) {
    this.connection = connection;
    this.settings = settings;
  }

  @Override
  public List<DeadLetter> list(String projectId, long afterId, int limit) {
    List<DeadLetter> out = new ArrayList<>();
    try {
      JetStreamManagement jsm = connection.jetStreamManagement();
      StreamState state = jsm.getStreamInfo(settings.deadLetterStreamName()).getStreamState();
      if (state.getMsgCount() == 0) {
        return out;
      }
      long seq = Math.max(afterId + 1, state.getFirstSequence());
      while (out.size() < limit && seq <= state.getLastSequence()) {
        MessageInfo message;
        try {
          message = jsm.getNextMessage(settings.deadLetterStreamName(), seq, null);
        } catch (JetStreamApiException e) {
          if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
            break;
          }
          throw e;
        }
        DeadLetter letter = toDeadLetter(message).withoutPayload();
        if (projectId == null || projectId.equals(letter.projectId())) {
          out.add(letter);
        }
        seq = message.getSeq() + 1;
      }
      return out;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        return out;
      }
      throw unavailable(e);
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  @Override
  public Optional<DeadLetter> find(long id) {
    try {
      return Optional.of(
          toDeadLetter(
              connection.jetStreamManagement().getMessage(settings.deadLetterStreamName(), id)));
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == NO_MESSAGE_FOUND || e.getApiErrorCode() == STREAM_NOT_FOUND) {
        return Optional.empty();
      }
      throw unavailable(e);
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  @Override
  public boolean replay(long id) {
    Optional<DeadLetter> found = find(id);
    if (found.isEmpty()) {
      return false;
    }
    DeadLetter letter = found.get();
    Headers headers =
        new Headers()
            .add(WireHeaders.PROJECT, letter.projectId())
            .add(WireHeaders.RECEIVED_AT, Long.toString(letter.receivedAtMillis()))
            .add(WireHeaders.CONTENT_TYPE, WireHeaders.OTLP_PROTOBUF);
    try {
      // An id of its own per dead letter: a replay repeated within the duplicate window (a retry
      // after a lost answer) is dropped by JetStream, and it is never mistaken for the original.
      connection
          .jetStream()
          .publish(
              NatsMessage.builder()
                  .subject(settings.subjectName())
                  .headers(headers)
                  .data(letter.payload())
                  .build(),
              PublishOptions.builder()
                  .messageId(letter.messageId() + "-replay-" + id)
                  .expectedStream(settings.streamName())
                  .streamTimeout(settings.publishTimeout())
                  .build());
      connection.jetStreamManagement().deleteMessage(settings.deadLetterStreamName(), id);
      return true;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
        return true; // replayed by someone else meanwhile
      }
      throw unavailable(e);
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  @Override
  public long count() {
    try {
      return connection
          .jetStreamManagement()
          .getStreamInfo(settings.deadLetterStreamName())
          .getStreamState()
          .getMsgCount();
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
        return 0;
      }
      throw unavailable(e);
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  private static DeadLetter toDeadLetter(MessageInfo message) {
    Headers headers = message.getHeaders() == null ? new Headers() : message.getHeaders();
    byte[] data = message.getData() == null ? new byte[0] : message.getData();
    return new DeadLetter(
        message.getSeq(),
        orEmpty(headers.getFirst(WireHeaders.MESSAGE_ID)),
        orEmpty(headers.getFirst(WireHeaders.PROJECT)),
        parseLong(headers.getFirst(WireHeaders.RECEIVED_AT)),
        orEmpty(headers.getFirst(WireHeaders.DEAD_LETTER_REASON)),
        parseLong(headers.getFirst(WireHeaders.DELIVERIES)),
        message.getTime() == null ? Instant.EPOCH : message.getTime().toInstant(),
        data.length,
        data);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static long parseLong(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static QueueUnavailableException unavailable(Exception e) {
    return new QueueUnavailableException(
        "dead-letter stream unavailable: " + JetStreamSpanQueue.rootMessage(e), e);
  }
}
