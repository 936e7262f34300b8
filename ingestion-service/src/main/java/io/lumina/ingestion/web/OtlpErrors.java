package io.lumina.ingestion.web;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * OTLP error responses: a {@code google.rpc.Status} with a message a person can act on, encoded
 * like the request (protobuf, or the JSON form {@code {"code":3,"message":"..."}}).
 */
public final class OtlpErrors {
  private OtlpErrors() {}

  public static ResponseEntity<byte[]> status(
      HttpStatus http, WireEncoding encoding, String message) {
    return ResponseEntity.status(http)
        .header(HttpHeaders.CONTENT_TYPE, encoding.contentType())
        .body(body(http, encoding, message));
  }

  /** A 429 or 503: the client keeps the data and retries after {@code retryAfterSeconds}. */
  public static ResponseEntity<byte[]> retryLater(
      HttpStatus http, WireEncoding encoding, String message, long retryAfterSeconds) {
    return ResponseEntity.status(http)
        .header(HttpHeaders.CONTENT_TYPE, encoding.contentType())
        .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)))
        .body(body(http, encoding, message));
  }

  /** A refused request: 503s carry {@code Retry-After}, every other status is final. */
  public static ResponseEntity<byte[]> rejected(
      BodyRejectedException e, WireEncoding encoding, long retryAfterSeconds) {
    return e.status() == HttpStatus.SERVICE_UNAVAILABLE
        ? retryLater(e.status(), encoding, e.getMessage(), retryAfterSeconds)
        : status(e.status(), encoding, e.getMessage());
  }

  /** For filters and interceptors that answer before a controller runs. */
  public static void write(
      HttpServletResponse response, HttpStatus http, WireEncoding encoding, String message)
      throws IOException {
    byte[] body = body(http, encoding, message);
    response.setStatus(http.value());
    response.setContentType(encoding.contentType());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  public static byte[] body(HttpStatus http, WireEncoding encoding, String message) {
    return encoding == WireEncoding.JSON
        ? json(grpcCode(http), message)
        : protobuf(grpcCode(http), message);
  }

  /**
   * Encodes {@code google.rpc.Status {int32 code = 1; string message = 2;}} directly: two fields do
   * not justify a dependency on the common-protos artifact and its protobuf version matrix.
   */
  private static byte[] protobuf(int code, String message) {
    ByteString.Output out = ByteString.newOutput();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    try {
      coded.writeInt32(1, code);
      coded.writeString(2, message);
      coded.flush();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return out.toByteString().toByteArray();
  }

  private static byte[] json(int code, String message) {
    StringBuilder out =
        new StringBuilder(message.length() + 32)
            .append("{\"code\":")
            .append(code)
            .append(",\"message\":");
    Json.appendString(out, message);
    return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A JSON string literal, escaped. */
  public static String jsonString(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    Json.appendString(out, s);
    return out.toString();
  }

  /** The gRPC code OTLP/HTTP pairs with each HTTP status. */
  static int grpcCode(HttpStatus http) {
    return switch (http) {
      case BAD_REQUEST -> 3; // INVALID_ARGUMENT
      case UNAUTHORIZED -> 16; // UNAUTHENTICATED
      case FORBIDDEN -> 7; // PERMISSION_DENIED
      case TOO_MANY_REQUESTS -> 8; // RESOURCE_EXHAUSTED
      case PAYLOAD_TOO_LARGE -> 11; // OUT_OF_RANGE
      case UNSUPPORTED_MEDIA_TYPE -> 3; // INVALID_ARGUMENT
      case SERVICE_UNAVAILABLE -> 14; // UNAVAILABLE
      default -> 2; // UNKNOWN
    };
  }
}
