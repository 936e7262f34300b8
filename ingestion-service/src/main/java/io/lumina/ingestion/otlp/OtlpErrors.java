package io.lumina.ingestion.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** OTLP error responses: a {@code google.rpc.Status} body with a message a person can act on. */
final class OtlpErrors {
  private OtlpErrors() {}

  static ResponseEntity<byte[]> status(HttpStatus http, String message) {
    return ResponseEntity.status(http)
        .header(HttpHeaders.CONTENT_TYPE, OtlpHttpReceiver.PROTOBUF)
        .body(body(http, message));
  }

  static ResponseEntity<byte[]> retryLater(HttpStatus http, String message, long retryAfterSeconds) {
    return ResponseEntity.status(http)
        .header(HttpHeaders.CONTENT_TYPE, OtlpHttpReceiver.PROTOBUF)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
        .body(body(http, message));
  }

  /**
   * Encodes {@code google.rpc.Status {int32 code = 1; string message = 2;}} directly: two fields do
   * not justify a dependency on the common-protos artifact and its protobuf version matrix.
   */
  static byte[] body(HttpStatus http, String message) {
    ByteString.Output out = ByteString.newOutput();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    try {
      coded.writeInt32(1, grpcCode(http));
      coded.writeString(2, message);
      coded.flush();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return out.toByteString().toByteArray();
  }

  /** The gRPC code OTLP/HTTP pairs with each HTTP status. */
  private static int grpcCode(HttpStatus http) {
    return switch (http) {
      case BAD_REQUEST -> 3; // INVALID_ARGUMENT
      case UNAUTHORIZED -> 16; // UNAUTHENTICATED
      case FORBIDDEN -> 7; // PERMISSION_DENIED
      case TOO_MANY_REQUESTS -> 8; // RESOURCE_EXHAUSTED
      case PAYLOAD_TOO_LARGE -> 11; // OUT_OF_RANGE
      case SERVICE_UNAVAILABLE -> 14; // UNAVAILABLE
      default -> 2; // UNKNOWN
    };
  }
}
