package io.lumina.ingestion.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.lumina.security.ApiKey;
import io.lumina.security.ApiKeyRole;
import io.lumina.security.ApiKeys;
import io.lumina.security.AuthSwitch;
import io.lumina.security.CachedKeyResolver;
import io.lumina.security.Gatekeeper;
import io.lumina.security.RateLimiter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Authentication from gRPC metadata over a real connection: the same keys, roles and rate limit as
 * the HTTP ports, with the OTLP status codes (and a retry delay where OTLP clients may retry).
 */
class GrpcAuthenticationTest {
  private static final String INGEST_KEY = "lum_ingest_key_for_tests";
  private static final String READ_KEY = "lum_read_key_for_tests";
  private static final String LIMITED_KEY = "lum_limited_key_for_tests";
  private static final MethodDescriptor<byte[], byte[]> WHO =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("test.Who/Am")
          .setRequestMarshaller(new ByteMarshaller())
          .setResponseMarshaller(new ByteMarshaller())
          .build();

  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    Map<String, ApiKey> keys =
        Map.of(
            Arrays.toString(ApiKeys.hash(INGEST_KEY)), key("acme", ApiKeyRole.INGEST),
            Arrays.toString(ApiKeys.hash(READ_KEY)), key("acme", ApiKeyRole.READ),
            Arrays.toString(ApiKeys.hash(LIMITED_KEY)), key("slow", ApiKeyRole.INGEST));
    RateLimiter limiter = new RateLimiter(0.001, 2, System::nanoTime);
    Gatekeeper gatekeeper =
        new Gatekeeper(
            new CachedKeyResolver(
                hash -> Optional.ofNullable(keys.get(Arrays.toString(hash))),
                Duration.ofMinutes(1)),
            AuthSwitch.alwaysOn(),
            limiter);
    ServerServiceDefinition who =
        ServerServiceDefinition.builder("test.Who")
            .addMethod(
                WHO,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      response.onNext(
                          GrpcAuthentication.PROJECT.get().getBytes(StandardCharsets.UTF_8));
                      response.onCompleted();
                    }))
            .build();
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(ServerInterceptors.intercept(who, new GrpcAuthentication(gatekeeper)))
            .build()
            .start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void aKeyInAuthorizationOrXApiKeyNamesTheProject() {
    assertThat(call("authorization", "Bearer " + INGEST_KEY)).isEqualTo("acme");
    assertThat(call("x-api-key", INGEST_KEY)).isEqualTo("acme");
  }

  @Test
  void noKeyOrAnUnknownOneIsUnauthenticated() {
    assertRefused(null, null, Status.Code.UNAUTHENTICATED, "API key required");
    assertRefused("authorization", "Bearer lum_nope", Status.Code.UNAUTHENTICATED, "unknown");
    assertRefused("authorization", "Basic abc", Status.Code.UNAUTHENTICATED, "Bearer");
  }

  @Test
  void aKeyThatMayNotIngestIsPermissionDenied() {
    assertRefused("x-api-key", READ_KEY, Status.Code.PERMISSION_DENIED, "role read");
  }

  @Test
  void overTheRateLimitIsResourceExhaustedWithARetryDelay() {
    call("x-api-key", LIMITED_KEY);
    call("x-api-key", LIMITED_KEY);

    StatusRuntimeException refused =
        assertRefused("x-api-key", LIMITED_KEY, Status.Code.RESOURCE_EXHAUSTED, "Rate limit");
    com.google.rpc.Status status = StatusProto.fromThrowable(refused);
    assertThat(status.getDetailsList()).anySatisfy(d -> assertThat(d.is(RetryInfo.class)).isTrue());
  }

  private StatusRuntimeException assertRefused(
      String header, String value, Status.Code code, String messagePart) {
    StatusRuntimeException[] refused = new StatusRuntimeException[1];
    assertThatThrownBy(() -> call(header, value))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).contains(messagePart);
              refused[0] = e;
            });
    return refused[0];
  }

  private String call(String header, String value) {
    Metadata metadata = new Metadata();
    if (header != null) {
      metadata.put(Metadata.Key.of(header, Metadata.ASCII_STRING_MARSHALLER), value);
    }
    byte[] answer =
        ClientCalls.blockingUnaryCall(
            io.grpc.ClientInterceptors.intercept(
                channel, MetadataUtils.newAttachHeadersInterceptor(metadata)),
            WHO,
            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
            new byte[0]);
    return new String(answer, StandardCharsets.UTF_8);
  }

  private static ApiKey key(String project, ApiKeyRole role) {
    return new ApiKey(
        UUID.randomUUID(), project, "test", role, "lum_test", "api", Instant.now(), null, null);
  }
}
