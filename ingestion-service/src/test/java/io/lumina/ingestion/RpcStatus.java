package io.lumina.ingestion;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A decoded {@code google.rpc.Status}, from either encoding, for assertions. */
public record RpcStatus(int code, String message) {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public static RpcStatus fromProtobuf(byte[] body) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    int code = 0;
    String message = "";
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag >>> 3) {
        case 1 -> code = in.readInt32();
        case 2 -> message = in.readString();
        default -> in.skipField(tag);
      }
    }
    return new RpcStatus(code, message);
  }

  public static RpcStatus fromJson(byte[] body) {
    JsonNode node = JSON.readTree(new String(body, StandardCharsets.UTF_8));
    return new RpcStatus(node.get("code").asInt(), node.get("message").asString());
  }

  public static JsonNode json(byte[] body) {
    return JSON.readTree(new String(body, StandardCharsets.UTF_8));
  }
}
