package io.lumina.replay.providers;

/**
 * Keeps API keys out of stored error messages: providers sometimes quote the key they rejected
 * ("Incorrect API key provided: sk-...") and those messages are shown through the API.
 */
final class Redaction {
  private static final int MAX_MESSAGE = 500;

  private Redaction() {}

  static String redact(String message, String apiKey) {
    if (message == null) {
      return null;
    }
    String out = message;
    if (apiKey != null && !apiKey.isBlank()) {
      out = out.replace(apiKey, "***");
      // a quoted prefix of the key is as bad as the key
      if (apiKey.length() > 12) {
        out = out.replace(apiKey.substring(0, 12), "***");
      }
    }
    out = out.replaceAll("(?i)(sk-(?:ant-)?[a-z0-9_-]{4})[a-z0-9_-]{8,}", "$1***");
    return out.length() > MAX_MESSAGE ? out.substring(0, MAX_MESSAGE) + "..." : out;
  }
}
