package io.lumina.bench.drills;

import com.google.protobuf.ByteString;
import io.lumina.bench.e2e.OtlpJson;
import io.lumina.bench.e2e.TrafficGenerator;
import io.lumina.testing.OtlpRequests;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Requests a broken or hostile client sends: each with the statuses that are acceptable for it.
 * Every invalid span carries {@code service.name = }{@value #INVALID_SERVICE}, so the drill can
 * check that none of them was stored.
 */
final class BadInputCorpus {
  static final String INVALID_SERVICE = "badinput-invalid";
  private static final Set<Integer> BAD_REQUEST = Set.of(400);

  /**
   * @param acceptable statuses a correct server may answer; a 200 is only acceptable where listed
   * @param validKeys spans of the request that are valid and must be stored when the answer is 200
   */
  record Case(
      String name,
      String contentType,
      String contentEncoding,
      byte[] body,
      Set<Integer> acceptable,
      List<String> validKeys) {}

  private BadInputCorpus() {}

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    byte[] valid = OtlpRequests.traces("badinput-valid", 1, 3).toByteArray();
    cases.add(
        new Case(
            "garbage protobuf",
            "application/x-protobuf",
            null,
            "\u0008\u00ff\u00ff\u00ff garbage".getBytes(StandardCharsets.ISO_8859_1),
            BAD_REQUEST,
            List.of()));
    cases.add(
        new Case(
            "truncated protobuf",
            "application/x-protobuf",
            null,
            Arrays.copyOf(valid, valid.length / 2),
            BAD_REQUEST,
            List.of()));
    cases.add(
        new Case(
            "unterminated JSON",
            "application/json",
            null,
            "{\"resourceSpans\":[{\"scopeSpans\":[".getBytes(StandardCharsets.UTF_8),
            BAD_REQUEST,
            List.of()));
    cases.add(
        new Case(
            "JSON of the wrong shape",
            "application/json",
            null,
            "{\"resourceSpans\":\"not a list\"}".getBytes(StandardCharsets.UTF_8),
            BAD_REQUEST,
            List.of()));
    cases.add(
        new Case(
            "JSON with a non-hex trace id",
            "application/json",
            null,
            ("{\"resourceSpans\":[{\"resource\":"
                    + "{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\""
                    + INVALID_SERVICE
                    + "\"}}]},"
                    + "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz000000000000000000000000000001\",\"spanId\":"
                    + "\"0000000000000001\",\"name\":\"x\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\"}]}]}]}")
                .getBytes(StandardCharsets.UTF_8),
            Set.of(400, 200),
            List.of()));
    cases.add(
        new Case(
            "JSON nested 5000 levels deep",
            "application/json",
            null,
            OtlpRequests.deeplyNestedJson(5000),
            BAD_REQUEST,
            List.of()));
    cases.add(
        new Case(
            "text/plain content type",
            "text/plain",
            null,
            "hello".getBytes(StandardCharsets.UTF_8),
            Set.of(415),
            List.of()));
    cases.add(
        new Case(
            "unknown content encoding",
            "application/x-protobuf",
            "br",
            valid,
            Set.of(415, 400),
            List.of()));
    cases.add(
        new Case(
            "gzip header over garbage",
            "application/x-protobuf",
            "gzip",
            "not gzip at all".getBytes(StandardCharsets.UTF_8),
            BAD_REQUEST,
            List.of()));
    cases.add(
        new Case(
            "gzip bomb (17 MiB of zeros)",
            "application/x-protobuf",
            "gzip",
            gzipZeros(17 << 20),
            Set.of(413, 400),
            List.of()));
    cases.add(
        new Case(
            "body over 16 MiB",
            "application/x-protobuf",
            null,
            new byte[(16 << 20) + 1024],
            Set.of(413),
            List.of()));
    cases.add(
        new Case(
            "only invalid spans (zero ids, end before start)",
            "application/x-protobuf",
            null,
            invalidOnly().toByteArray(),
            Set.of(400, 200),
            List.of()));
    return cases;
  }

  /**
   * A request of valid spans plus one invalid span: 200 with {@code partial_success.rejected_spans
   * = 1}, and the valid ones stored. Fresh ids every call.
   */
  static Case mixed(TrafficGenerator generator, boolean json) {
    TrafficGenerator.Batch batch = generator.next(4);
    ByteString traceId = OtlpRequests.randomId(16);
    Span invalid =
        OtlpRequests.span(traceId, OtlpRequests.randomId(8), null, "ends before it starts")
            .setStartTimeUnixNano(2_000_000_000L)
            .setEndTimeUnixNano(1_000_000_000L)
            .build();
    ExportTraceServiceRequest request =
        batch.request().toBuilder()
            .addResourceSpans(OtlpRequests.request(INVALID_SERVICE, invalid).getResourceSpans(0))
            .build();
    return new Case(
        "valid spans plus one invalid" + (json ? " (JSON)" : ""),
        json ? "application/json" : "application/x-protobuf",
        null,
        json ? OtlpJson.encode(request) : request.toByteArray(),
        Set.of(200),
        batch.spanKeys());
  }

  private static ExportTraceServiceRequest invalidOnly() {
    Span zeroTrace =
        OtlpRequests.span(
                ByteString.copyFrom(new byte[16]), OtlpRequests.randomId(8), null, "zero trace")
            .build();
    Span zeroSpan =
        OtlpRequests.span(
                OtlpRequests.randomId(16), ByteString.copyFrom(new byte[8]), null, "zero span")
            .build();
    Span shortId =
        OtlpRequests.span(
                OtlpRequests.randomId(8), OtlpRequests.randomId(8), null, "8-byte trace id")
            .build();
    Span backwards =
        OtlpRequests.span(OtlpRequests.randomId(16), OtlpRequests.randomId(8), null, "backwards")
            .setStartTimeUnixNano(2_000_000_000L)
            .setEndTimeUnixNano(1_000_000_000L)
            .build();
    return OtlpRequests.request(INVALID_SERVICE, zeroTrace, zeroSpan, shortId, backwards);
  }

  private static byte[] gzipZeros(int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      byte[] chunk = new byte[1 << 16];
      for (int written = 0; written < size; written += chunk.length) {
        gzip.write(chunk);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
