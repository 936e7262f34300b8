package io.lumina.dashboard.view;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Template access to backend JSON whose shape is read tolerantly ({@code
 * ${@dashboardJson.names(...)}}).
 */
@Component("dashboardJson")
public final class DashboardJson {

  /**
   * Names from an array of strings or of objects with a name-like field (service, model, name, id).
   */
  public List<String> names(JsonNode node, String arrayField) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : JsonText.array(node, arrayField, "items", "data")) {
      String name =
          n.isString() ? n.asString() : JsonText.field(n, "name", "service", "model", "id");
      if (name != null && !name.isBlank()) {
        out.add(name);
      }
    }
    return out;
  }

  public String text(JsonNode node, String field) {
    return JsonText.field(node, field);
  }
}
