package io.lumina.conventions;

import java.util.Locale;
import java.util.Map;

/**
 * Canonical provider names. Each convention spells providers its own way ({@code gcp.gemini},
 * {@code google.generative-ai}, {@code mistralai}, {@code anthropic.messages}...); Lumina stores
 * one lower-case name per provider so that filters, rollups and project price overrides agree. The
 * canonical names follow OTel's {@code gen_ai.provider.name} where one exists, except that the
 * Gemini developer API is plain {@code google} (OTel has three spellings for it).
 */
public final class Providers {

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("openai", "openai"),
          Map.entry("azure", "azure.ai.openai"),
          Map.entry("azure.ai.openai", "azure.ai.openai"),
          Map.entry("az.ai.openai", "azure.ai.openai"),
          Map.entry("azure_openai", "azure.ai.openai"),
          Map.entry("azure-openai", "azure.ai.openai"),
          Map.entry("azure.ai.inference", "azure.ai.inference"),
          Map.entry("az.ai.inference", "azure.ai.inference"),
          Map.entry("anthropic", "anthropic"),
          Map.entry("aws.bedrock", "aws.bedrock"),
          Map.entry("aws", "aws.bedrock"),
          Map.entry("bedrock", "aws.bedrock"),
          Map.entry("aws_bedrock", "aws.bedrock"),
          Map.entry("amazon-bedrock", "aws.bedrock"),
          Map.entry("amazon_bedrock", "aws.bedrock"),
          Map.entry("gcp.vertex_ai", "gcp.vertex_ai"),
          Map.entry("vertex_ai", "gcp.vertex_ai"),
          Map.entry("vertexai", "gcp.vertex_ai"),
          Map.entry("vertex", "gcp.vertex_ai"),
          Map.entry("google.vertex", "gcp.vertex_ai"),
          Map.entry("google-vertex", "gcp.vertex_ai"),
          Map.entry("google", "google"),
          Map.entry("gemini", "google"),
          Map.entry("gcp.gemini", "google"),
          Map.entry("gcp.gen_ai", "google"),
          Map.entry("google.generative-ai", "google"),
          Map.entry("google-genai", "google"),
          Map.entry("google_genai", "google"),
          Map.entry("mistral", "mistral"),
          Map.entry("mistralai", "mistral"),
          Map.entry("mistral_ai", "mistral"),
          Map.entry("cohere", "cohere"),
          Map.entry("deepseek", "deepseek"),
          Map.entry("groq", "groq"),
          Map.entry("xai", "x_ai"),
          Map.entry("x_ai", "x_ai"),
          Map.entry("perplexity", "perplexity"),
          Map.entry("ibm.watsonx.ai", "ibm.watsonx.ai"),
          Map.entry("watsonx", "ibm.watsonx.ai"),
          Map.entry("together", "together"),
          Map.entry("togetherai", "together"),
          Map.entry("fireworks", "fireworks"),
          Map.entry("ollama", "ollama"),
          Map.entry("huggingface", "huggingface"));

  private Providers() {}

  /**
   * The canonical name, or the lower-cased input when unknown. The common case (already canonical)
   * costs one lookup and no allocation; Vercel's {@code provider.api} forms ({@code openai.chat},
   * {@code google.vertex.chat}) lose their last segment until a known name appears.
   */
  public static String canonical(String raw) {
    if (raw == null) {
      return null;
    }
    String known = ALIASES.get(raw);
    if (known != null) {
      return known;
    }
    String name = raw.strip().toLowerCase(Locale.ROOT);
    if (name.isEmpty()) {
      return null;
    }
    for (String candidate = name; ; ) {
      known = ALIASES.get(candidate);
      if (known != null) {
        return known;
      }
      int dot = candidate.lastIndexOf('.');
      if (dot <= 0) {
        return name;
      }
      candidate = candidate.substring(0, dot);
    }
  }
}
