package io.lumina.api.alerts;

/** A rule's window as the API writes it: "1h", "30m", or seconds ("90s") when neither fits. */
public final class AlertWindow {
  private AlertWindow() {}

  public static String format(long seconds) {
    return seconds % 3600 == 0
        ? seconds / 3600 + "h"
        : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }
}
