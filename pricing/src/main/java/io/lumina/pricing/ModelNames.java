package io.lumina.pricing;

import com.google.re2j.Pattern;
import java.util.Locale;

/**
 * Reduces the ways a model is named by gateways and clouds to the provider's own id, so one catalog
 * pattern covers them all:
 *
 * <ul>
 *   <li>{@code openai/gpt-4o}, {@code publishers/google/models/gemini-1.5-pro}, {@code
 *       models/gemini-2.0-flash}, Bedrock ARNs: everything up to the last {@code /} goes;
 *   <li>Bedrock ids {@code us.anthropic.claude-3-5-sonnet-20241022-v2:0}: region and vendor
 *       prefixes and the {@code -vN:M} version go;
 *   <li>Vertex ids {@code claude-3-5-sonnet-v2@20241022}: {@code @} becomes {@code -}, so the date
 *       is an ordinary date suffix;
 *   <li>case is ignored.
 * </ul>
 *
 * Date and version suffixes stay: the catalog patterns accept them, and a dated id can have its own
 * price ({@code gpt-4o-2024-05-13}). Uses regexes, so callers cache the result per raw name.
 */
public final class ModelNames {

  /**
   * The longest model name that is matched against any pattern. The longest real ids (Bedrock
   * inference-profile ARNs, Vertex resource paths) are about 120 characters; a longer name is
   * reported unpriced as an unknown model (docs/pricing.md).
   */
  public static final int MAX_LENGTH = 256;

  private static final Pattern BEDROCK_REGION =
      Pattern.compile("^(?:us|eu|apac|ap|global|us-gov|ca|jp|au)\\.");
  private static final Pattern BEDROCK_VENDOR =
      Pattern.compile(
          "^(?:anthropic|meta|mistral|cohere|amazon|ai21|deepseek|openai|qwen|writer)\\.");
  private static final Pattern BEDROCK_VERSION = Pattern.compile("(?:-v\\d+)?(?::\\d+k?)+$");
  private static final Pattern GATEWAY_VARIANT = Pattern.compile(":beta$");

  private ModelNames() {}

  public static String canonical(String model) {
    String name = model.strip().toLowerCase(Locale.ROOT);
    int slash = name.lastIndexOf('/');
    if (slash >= 0) {
      name = name.substring(slash + 1);
    }
    name = BEDROCK_REGION.matcher(name).replaceFirst("");
    name = BEDROCK_VENDOR.matcher(name).replaceFirst("");
    name = BEDROCK_VERSION.matcher(name).replaceFirst("");
    name = GATEWAY_VARIANT.matcher(name).replaceFirst("");
    return name.replace('@', '-');
  }
}
