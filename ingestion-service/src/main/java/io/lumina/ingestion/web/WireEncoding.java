package io.lumina.ingestion.web;

import java.util.Locale;

/** The two OTLP/HTTP body encodings. Responses and errors use the encoding of the request. */
public enum WireEncoding {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  private final String contentType;

  WireEncoding(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /**
   * The encoding of a {@code Content-Type} header (parameters such as charset ignored), or null if
   * unsupported.
   */
  public static WireEncoding of(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    return switch (type) {
      case "application/x-protobuf", "application/protobuf" -> PROTOBUF;
      case "application/json" -> JSON;
      default -> null;
    };
  }

  /**
   * The encoding to answer in: the request's, or JSON when the request's is unsupported, since such
   * a request most likely comes from a person with curl rather than from an OTLP exporter.
   */
  public static WireEncoding forReply(String contentType) {
    WireEncoding encoding = of(contentType);
    return encoding == null ? JSON : encoding;
  }
}
