package io.lumina.worker.notify;

import io.lumina.api.alerts.AlertWindow;
import io.lumina.storage.alerts.Delivery;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The alert as JSON, the same fields the API returns (service, endpoint, baseline...). */
final class AlertJson {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private AlertJson() {}

  static ObjectNode alert(Delivery.Alert a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", a.id());
    n.put("kind", a.kind().wire());
    n.put("title", a.title());
    n.put("status", a.status());
    n.put("service", a.serviceName());
    n.put("endpoint", a.endpoint());
    n.put("baseline", a.baseline());
    n.put("current", a.current());
    if (a.changePct() == null) {
      n.putNull("changePct");
    } else {
      n.put("changePct", Math.round(a.changePct() * 10) / 10.0);
    }
    n.put("threshold", a.threshold());
    n.put("window", AlertWindow.format(a.windowSeconds()));
    n.put("currentSamples", a.currentSamples());
    n.put("baselineSamples", a.baselineSamples());
    n.put("summary", a.summary());
    n.put("firedAt", a.firedAt().toString());
    n.put("resolvedAt", a.resolvedAt() == null ? null : a.resolvedAt().toString());
    return n;
  }

  static String event(String event) {
    return "trigger".equals(event) ? "alert.triggered" : "alert.resolved";
  }

  static String headline(Delivery d) {
    return ("trigger".equals(d.event()) ? "" : "Resolved: ") + d.alert().title();
  }
}
