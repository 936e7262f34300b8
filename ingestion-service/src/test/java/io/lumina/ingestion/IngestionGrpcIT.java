package io.lumina.ingestion;

import static io.lumina.testing.OtlpRequests.randomId;
import static io.lumina.testing.OtlpRequests.request;
import static io.lumina.testing.OtlpRequests.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.lumina.ingestion.grpc.ByteMarshaller;
import io.lumina.model.Projects;
import io.lumina.testing.OtlpRequests;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OTLP/gRPC against the real service and a real JetStream: the OpenTelemetry SDK's gRPC exporter,
 * and a plain grpc-java client for the answers the SDK hides (partial success, status codes, retry
 * details).
 */
class IngestionGrpcIT extends IngestionContext {
  private ManagedChannel channel;

  private ManagedChannel channel() {
    if (channel == null) {
      channel =
          NettyChannelBuilder.forAddress("127.0.0.1", grpcServer.localPort())
              .usePlaintext()
              .build();
    }
    return channel;
  }

  @AfterEach
  void closeChannel() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private TraceServiceGrpc.TraceServiceBlockingStub stub() {
    return TraceServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  @Test
  void theSdksGrpcExporterDeliversPlainAndGzip() throws Exception {
    assertThat(grpcServer.localPort()).isPositive().isNotEqualTo(port);
    List<SpanData> plain = SdkSpans.llmTrace("grpc-plain");
    List<SpanData> gzip = SdkSpans.llmTrace("grpc-gzip");
    long before = stream.lastSequence();

    assertThat(export("none", plain)).isTrue();
    assertThat(export("gzip", gzip)).isTrue();

    List<StreamProbe.StoredSpan> stored = stream.spansAfter(before);
    List<String> expected = new ArrayList<>();
    plain.forEach(s -> expected.add(s.getSpanId()));
    gzip.forEach(s -> expected.add(s.getSpanId()));
    assertThat(stored)
        .extracting(StreamProbe.StoredSpan::spanIdHex)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(stored).allSatisfy(s -> assertThat(s.project()).isEqualTo(Projects.DEFAULT_PROJECT));
    // the request as the SDK encoded it is what reached the stream: nothing was re-encoded
    assertThat(stored.getFirst().span().getName()).isNotBlank();
  }

  @Test
  void invalidSpansAreRejectedWithPartialSuccess() throws Exception {
    ByteString trace = randomId(16);
    Span good = span(trace, randomId(8), null, "good").build();
    ExportTraceServiceRequest request =
        request(
            "grpc-partial",
            good,
            span(ByteString.copyFrom(new byte[16]), randomId(8), null, "zero trace id").build());
    long before = stream.lastSequence();

    ExportTraceServiceResponse response = stub().export(request);

    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage())
        .contains("span 'zero trace id' has a 16-byte trace id of zeros");
    assertThat(stream.spansAfter(before))
        .extracting(StreamProbe.StoredSpan::span)
        .containsExactly(good);
  }

  @Test
  void malformedAndOversizedRequestsAreInvalidArgumentAndNotRetried() throws Exception {
    byte[] valid = OtlpRequests.traces("grpc-malformed", 2, 3).toByteArray();
    long before = stream.lastSequence();

    StatusRuntimeException truncated = exportRaw(Arrays.copyOf(valid, valid.length - 7));
    assertThat(truncated.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(truncated.getStatus().getDescription()).contains("malformed protobuf body");
    assertThat(retryInfo(truncated)).isNull();

    List<Span> spans = new ArrayList<>();
    for (int i = 0; i <= MAX_SPANS; i++) {
      spans.add(span(randomId(16), randomId(8), null, "s").build());
    }
    StatusRuntimeException tooMany = exportRaw(request("many", spans).toByteArray());
    assertThat(tooMany.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(tooMany.getStatus().getDescription()).contains("more than " + MAX_SPANS + " spans");

    // over the body limit: grpc-java refuses the message itself, without a retry delay
    StatusRuntimeException tooLarge = exportRaw(new byte[MAX_BODY + 1]);
    assertThat(tooLarge.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(retryInfo(tooLarge)).isNull();

    assertThat(stream.lastSequence()).isEqualTo(before);
  }

  @Test
  void theDailyLimitIsResourceExhaustedWithARetryDelay() throws Exception {
    assertThat(stub().export(OtlpRequests.traces("grpc-limit", DAILY_LIMIT, 1)).hasPartialSuccess())
        .isFalse();
    long before = stream.lastSequence();

    StatusRuntimeException refused =
        exportRaw(OtlpRequests.traces("grpc-limit", 1, 2).toByteArray());

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getStatus().getDescription()).contains("daily trace limit");
    RetryInfo retry = retryInfo(refused);
    assertThat(retry).isNotNull();
    assertThat(retry.getRetryDelay().getSeconds()).isPositive();
    assertThat(stream.lastSequence()).isEqualTo(before);
  }

  @Test
  void grpcRequestsAreCountedInTheMetrics() throws Exception {
    stub().export(OtlpRequests.traces("grpc-metrics", 1, 2));

    assertThat(get("/actuator/prometheus").body())
        .contains("lumina_ingest_requests_total{protocol=\"otlp-grpc\",status=\"OK\"}")
        .contains("lumina_ingest_spans_accepted_total{protocol=\"otlp-grpc\"}");
  }

  private boolean export(String compression, List<SpanData> spans) {
    OtlpGrpcSpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + grpcServer.localPort())
            .setCompression(compression)
            .setTimeout(Duration.ofSeconds(10))
            .build();
    try {
      return exporter.export(spans).join(15, TimeUnit.SECONDS).isSuccess();
    } finally {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  /** Export with any bytes as the request; returns the refusal (fails if the call succeeds). */
  private StatusRuntimeException exportRaw(byte[] body) {
    MethodDescriptor<byte[], ExportTraceServiceResponse> method =
        TraceServiceGrpc.getExportMethod().toBuilder(new ByteMarshaller(), new Response()).build();
    try {
      ClientCalls.blockingUnaryCall(
          channel(), method, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), body);
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }

  private static RetryInfo retryInfo(StatusRuntimeException e) throws Exception {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status == null) {
      return null;
    }
    for (var detail : status.getDetailsList()) {
      if (detail.is(RetryInfo.class)) {
        return detail.unpack(RetryInfo.class);
      }
    }
    return null;
  }

  private static final class Response
      implements MethodDescriptor.Marshaller<ExportTraceServiceResponse> {
    @Override
    public InputStream stream(ExportTraceServiceResponse value) {
      return value.toByteString().newInput();
    }

    @Override
    public ExportTraceServiceResponse parse(InputStream stream) {
      try {
        return ExportTraceServiceResponse.parseFrom(stream);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
