package io.lumina.ingestion.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.lumina.security.Decision;
import io.lumina.security.Gatekeeper;
import io.lumina.security.Requirement;

/**
 * Authenticates every call from its metadata ({@code authorization: Bearer <key>} or {@code
 * x-api-key: <key>}) with the same {@link Gatekeeper} as the HTTP ports, before the message is
 * read, and applies the per-key rate limit. The caller's project travels in {@link #PROJECT}.
 */
final class GrpcAuthentication implements ServerInterceptor {
  static final Context.Key<String> PROJECT = Context.key("lumina.project");

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> API_KEY =
      Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

  private final Gatekeeper gatekeeper;

  GrpcAuthentication(Gatekeeper gatekeeper) {
    this.gatekeeper = gatekeeper;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return switch (gatekeeper.decide(
        headers.get(AUTHORIZATION), headers.get(API_KEY), Requirement.INGEST)) {
      case Decision.Allowed allowed ->
          Contexts.interceptCall(
              Context.current().withValue(PROJECT, allowed.projectId()), call, headers, next);
      case Decision.Refused refused -> {
        GrpcStatuses.close(
            call,
            refused.status(),
            refused.title() + ": " + refused.detail(),
            refused.retryAfterSeconds());
        yield new ServerCall.Listener<>() {};
      }
    };
  }
}
