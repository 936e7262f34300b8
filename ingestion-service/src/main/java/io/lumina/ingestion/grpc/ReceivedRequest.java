package io.lumina.ingestion.grpc;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.lumina.ingestion.web.BodyRejectedException;
import io.lumina.ingestion.web.InFlightBudget;
import io.lumina.ingestion.web.RequestBodies;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An export request as it arrived over gRPC: its protobuf bytes and the share of the in-flight
 * budget they hold, or why there was no room for them. Never parsed into message objects.
 */
record ReceivedRequest(byte[] bytes, InFlightBudget.Lease lease, BodyRejectedException refusal)
    implements AutoCloseable {

  @Override
  public void close() {
    if (lease != null) {
      lease.close();
    }
  }

  /**
   * Reads each message into an array charged to the budget before it is allocated: the exact size
   * when grpc-java knows it, else (decompressed messages) as it grows. Over the budget the message
   * is not read at all and the call is answered {@code UNAVAILABLE}.
   */
  static final class Marshaller implements MethodDescriptor.Marshaller<ReceivedRequest> {
    private final InFlightBudget budget;
    private final long maxBytes;

    Marshaller(InFlightBudget budget, long maxBytes) {
      this.budget = budget;
      this.maxBytes = maxBytes;
    }

    @Override
    public InputStream stream(ReceivedRequest value) {
      return new ByteArrayInputStream(value.bytes());
    }

    @Override
    public ReceivedRequest parse(InputStream stream) {
      InFlightBudget.Lease lease = null;
      try {
        long known = stream instanceof KnownLength ? stream.available() : -1;
        lease = budget.admit(Math.max(0, known));
        byte[] bytes =
            known >= 0
                ? stream.readNBytes((int) known)
                : RequestBodies.decode(stream, -1, null, maxBytes, lease);
        return new ReceivedRequest(bytes, lease, null);
      } catch (BodyRejectedException e) {
        if (lease != null) {
          lease.close();
        }
        return new ReceivedRequest(null, null, e);
      } catch (IOException e) {
        if (lease != null) {
          lease.close();
        }
        throw new UncheckedIOException(e);
      }
    }
  }
}
