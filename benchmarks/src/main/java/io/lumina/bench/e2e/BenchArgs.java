package io.lumina.bench.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --key=value} arguments every harness takes, in order. */
public final class BenchArgs {
  private BenchArgs() {}

  public static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) {
        throw new IllegalArgumentException("arguments are --key=value, got " + a);
      }
      options.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    return options;
  }
}
