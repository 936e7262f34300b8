package io.lumina.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lumina.testing.OtlpRequests;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One project's test data: its keys, one LLM trace, and the strings that must never show up
 * elsewhere.
 */
final class Fixture {
  final String project;
  final String service;
  final String promptMarker;
  final String user;
  String ingestKey;
  String readKey;
  String adminKey;
  String readKeyId;
  String traceId;

  /** The trace id of the latest {@link #trace} call. */
  String lastTraceId;

  String spanId;
  String ruleId;
  String alertId;
  String webhookId;
  String setId;
  String runId;
  String repriceJobId;

  Fixture(String letter, String run) {
    this.project = "sec-" + letter + "-" + run;
    this.service = "svc-" + letter + "-" + run;
    this.promptMarker = "prompt-marker-" + letter + "-" + run;
    this.user = "user-" + letter + "-" + run;
  }

  /** Strings that identify this project's data in any answer. */
  List<String> markers() {
    List<String> m = new ArrayList<>(List.of(service, promptMarker, user, traceId));
    for (String id : new String[] {ruleId, alertId, webhookId, setId, runId, repriceJobId}) {
      if (id != null) {
        m.add(id);
      }
    }
    return m;
  }

  void createKeys(int queryPort, String platformAdminKey) {
    Http.Response project =
        Http.send(
            queryPort,
            "POST",
            "/api/admin/projects",
            "{\"id\":\"" + this.project + "\",\"name\":\"" + this.project + "\"}",
            platformAdminKey);
    assertThat(project.status()).as(project.body()).isEqualTo(201);
    ingestKey = issue(queryPort, platformAdminKey, "ingest").get("key");
    Map<String, String> read = issue(queryPort, platformAdminKey, "read");
    readKey = read.get("key");
    readKeyId = read.get("id");
    adminKey = issue(queryPort, platformAdminKey, "admin").get("key");
  }

  Map<String, String> issue(int queryPort, String platformAdminKey, String role) {
    Http.Response r =
        Http.send(
            queryPort,
            "POST",
            "/api/admin/projects/" + project + "/keys",
            "{\"name\":\"" + role + " key\",\"role\":\"" + role + "\"}",
            platformAdminKey);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.raw().headers().firstValue("Cache-Control"))
        .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    return Map.of("key", r.json().get("key").asString(), "id", r.json().get("id").asString());
  }

  /** A trace of a root span and an LLM call, with extra attributes on the LLM span. */
  ExportTraceServiceRequest trace(String prompt, Map<String, String> extraAttributes) {
    ByteString trace = OtlpRequests.randomId(16);
    ByteString root = OtlpRequests.randomId(8);
    ByteString llm = OtlpRequests.randomId(8);
    long now = System.currentTimeMillis() * 1_000_000L;
    Span.Builder llmSpan =
        OtlpRequests.span(trace, llm, root, "chat gpt-4o-mini")
            .setStartTimeUnixNano(now + 1_000_000)
            .setEndTimeUnixNano(now + 40_000_000)
            .addAttributes(OtlpRequests.attribute("gen_ai.system", "openai"))
            .addAttributes(OtlpRequests.attribute("gen_ai.request.model", "gpt-4o-mini"))
            .addAttributes(OtlpRequests.attribute("gen_ai.prompt", prompt))
            .addAttributes(OtlpRequests.attribute("gen_ai.completion", "answer for " + prompt))
            .addAttributes(OtlpRequests.attribute("user.id", user))
            .addAttributes(OtlpRequests.attribute("session.id", "session-" + project));
    extraAttributes.forEach((k, v) -> llmSpan.addAttributes(OtlpRequests.attribute(k, v)));
    Span rootSpan =
        OtlpRequests.span(trace, root, null, "handle-request")
            .setStartTimeUnixNano(now)
            .setEndTimeUnixNano(now + 50_000_000)
            .build();
    lastTraceId = OtlpRequests.hex(trace);
    if (traceId == null) {
      traceId = OtlpRequests.hex(trace);
      spanId = OtlpRequests.hex(llm);
    }
    return OtlpRequests.request(service, rootSpan, llmSpan.build());
  }
}
