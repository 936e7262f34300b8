package io.lumina.api.traces;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a JSON value of any type into its JSON text: the other half of {@code @JsonRawValue}, so a
 * field the API writes as raw JSON (an object, an array) reads back into the same {@code String}.
 */
public final class RawJson extends ValueDeserializer<String> {

  @Override
  public String deserialize(JsonParser parser, DeserializationContext context) {
    return context.readTree(parser).toString();
  }
}
