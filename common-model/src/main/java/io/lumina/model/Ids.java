package io.lumina.model;

import com.google.protobuf.ByteString;
import java.util.HexFormat;

/** Trace and span ids: OTLP carries raw bytes, Lumina stores and shows lower-case hex. */
public final class Ids {
  public static final int TRACE_ID_BYTES = 16;
  public static final int SPAN_ID_BYTES = 8;
  private static final HexFormat HEX = HexFormat.of();

  private Ids() {}

  public static boolean isValidTraceId(ByteString id) {
    return id.size() == TRACE_ID_BYTES && !allZero(id);
  }

  public static boolean isValidSpanId(ByteString id) {
    return id.size() == SPAN_ID_BYTES && !allZero(id);
  }

  /** True for a well-formed 32 character hex trace id (either case). */
  public static boolean isHexTraceId(String id) {
    return id != null && id.length() == TRACE_ID_BYTES * 2 && isHex(id);
  }

  public static String hex(ByteString id) {
    return id.isEmpty() ? null : HEX.formatHex(id.toByteArray());
  }

  public static ByteString fromHex(String hex) {
    return ByteString.copyFrom(HEX.parseHex(hex));
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(ByteString id) {
    for (int i = 0; i < id.size(); i++) {
      if (id.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }
}
