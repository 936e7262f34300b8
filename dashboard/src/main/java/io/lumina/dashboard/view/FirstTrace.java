package io.lumina.dashboard.view;

import io.lumina.dashboard.clients.DashboardProperties;
import org.springframework.stereotype.Component;

/**
 * The copy-paste snippets of the empty states: exporter settings and a curl that sends one LLM
 * span.
 */
@Component("firstTrace")
public final class FirstTrace {
  private final String endpoint;

  public FirstTrace(DashboardProperties props) {
    String url = props.ingestUrl().toString();
    this.endpoint = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public String endpoint() {
    return endpoint;
  }

  public String env() {
    return """
        OTEL_EXPORTER_OTLP_ENDPOINT=%s
        OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
        OTEL_TRACES_EXPORTER=otlp
        OTEL_SERVICE_NAME=my-llm-app"""
        .formatted(endpoint);
  }

  public String curl() {
    return """
        NOW=$(date +%%s%%N)
        curl -sS %s/v1/traces -H 'Content-Type: application/json' -d '{
          "resourceSpans": [{
            "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "my-llm-app"}}]},
            "scopeSpans": [{"spans": [{
              "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174",
              "name": "chat gpt-4o-mini", "kind": 3,
              "startTimeUnixNano": "'$NOW'", "endTimeUnixNano": "'$((NOW + 850000000))'",
              "attributes": [
                {"key": "gen_ai.system", "value": {"stringValue": "openai"}},
                {"key": "gen_ai.request.model", "value": {"stringValue": "gpt-4o-mini"}},
                {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "120"}},
                {"key": "gen_ai.usage.output_tokens", "value": {"intValue": "40"}},
                {"key": "gen_ai.prompt", "value": {"stringValue": "Say hello"}},
                {"key": "gen_ai.completion", "value": {"stringValue": "Hello!"}}
              ]}]}]}]}'"""
        .formatted(endpoint);
  }
}
