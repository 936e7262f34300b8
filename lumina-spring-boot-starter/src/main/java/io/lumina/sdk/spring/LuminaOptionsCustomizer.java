package io.lumina.sdk.spring;

import io.lumina.sdk.LuminaOptions;

/**
 * Adjusts the options built from {@code lumina.sdk.*} before the SDK starts (another exporter, a
 * setting that has no property). Every bean of this type is applied, in order.
 */
@FunctionalInterface
public interface LuminaOptionsCustomizer {
  void customize(LuminaOptions.Builder options);
}
