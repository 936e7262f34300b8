package io.lumina.ingestion.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The OTLP/gRPC answer to each refusal, by the HTTP status the same refusal has on OTLP/HTTP. The
 * OTLP specification's rule: {@code UNAVAILABLE} is retryable, {@code RESOURCE_EXHAUSTED} only with
 * a {@code google.rpc.RetryInfo} detail (so both carry one here, with the delay OTLP/HTTP puts in
 * {@code Retry-After}); {@code INVALID_ARGUMENT}, {@code UNAUTHENTICATED} and {@code
 * PERMISSION_DENIED} are not retried. A body over the limits is {@code INVALID_ARGUMENT}, not
 * OTLP/HTTP's {@code OUT_OF_RANGE}, which gRPC clients retry.
 */
final class GrpcStatuses {
  private GrpcStatuses() {}

  /** Closes {@code call} with the status for {@code httpStatus}. */
  static void close(ServerCall<?, ?> call, int httpStatus, String message, long retryAfterSeconds) {
    StatusRuntimeException e = exception(httpStatus, message, retryAfterSeconds);
    call.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
  }

  static StatusRuntimeException exception(int httpStatus, String message, long retryAfterSeconds) {
    Status.Code code = code(httpStatus);
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message);
    if (code == Status.Code.UNAVAILABLE || code == Status.Code.RESOURCE_EXHAUSTED) {
      status.addDetails(
          Any.pack(
              RetryInfo.newBuilder()
                  .setRetryDelay(Duration.newBuilder().setSeconds(Math.max(1, retryAfterSeconds)))
                  .build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  static Status.Code code(int httpStatus) {
    return switch (httpStatus) {
      case 400, 413, 415 -> Status.Code.INVALID_ARGUMENT;
      case 401 -> Status.Code.UNAUTHENTICATED;
      case 403 -> Status.Code.PERMISSION_DENIED;
      case 429 -> Status.Code.RESOURCE_EXHAUSTED;
      case 503 -> Status.Code.UNAVAILABLE;
      default -> Status.Code.UNKNOWN;
    };
  }
}
