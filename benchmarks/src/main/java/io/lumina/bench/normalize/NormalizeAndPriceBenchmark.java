package io.lumina.bench.normalize;

import io.lumina.conventions.SpanNormalizer;
import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.pricing.CostCalculator;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Cost of understanding one span on the worker's hot path: normalize + price a realistic OTel GenAI
 * chat span (16 attributes, JSON messages, cache and reasoning tokens). {@link #baselineIterate}
 * only walks the same attributes, so results read as a ratio to the cheapest possible pass. {@link
 * #normalizeAndPriceNoContent} is the same span without prompt/response JSON, to separate attribute
 * mapping from message parsing.
 *
 * <p>Run: {@code mvn -q -pl benchmarks exec:exec} (see benchmarks/pom.xml), or call {@link #main}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class NormalizeAndPriceBenchmark {

  private final SpanNormalizer normalizer = new SpanNormalizer();
  private CostCalculator calculator;
  private Resource resource;
  private Span span;
  private Span spanNoContent;

  @Setup
  public void setUp() {
    calculator = CostCalculator.withBundledCatalog();
    resource =
        Resource.newBuilder()
            .addAttributes(attr("service.name", "travel-bot"))
            .addAttributes(attr("service.version", "1.4.2"))
            .addAttributes(attr("telemetry.sdk.language", "java"))
            .addAttributes(attr("deployment.environment.name", "prod"))
            .build();
    Span.Builder b =
        Span.newBuilder()
            .setName("chat gpt-4o")
            .addAttributes(attr("gen_ai.operation.name", "chat"))
            .addAttributes(attr("gen_ai.provider.name", "openai"))
            .addAttributes(attr("gen_ai.request.model", "gpt-4o"))
            .addAttributes(attr("gen_ai.response.model", "gpt-4o-2024-08-06"))
            .addAttributes(attr("gen_ai.response.id", "chatcmpl-9xYz"))
            .addAttributes(attr("gen_ai.request.temperature", 0.2))
            .addAttributes(attr("gen_ai.request.max_tokens", 512L))
            .addAttributes(attr("gen_ai.usage.input_tokens", 1843L))
            .addAttributes(attr("gen_ai.usage.output_tokens", 212L))
            .addAttributes(attr("gen_ai.usage.cache_read.input_tokens", 1536L))
            .addAttributes(attr("gen_ai.conversation.id", "conv_5j66UpCpwteGg4YSxUnt7lPY"))
            .addAttributes(attr("server.address", "api.openai.com"))
            .addAttributes(attr("server.port", 443L))
            .addAttributes(attr("enduser.id", "user-42"));
    spanNoContent = b.build();
    span =
        b.addAttributes(
                attr(
                    "gen_ai.input.messages",
                    "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What is the weather in Paris tomorrow?\"}]}]"))
            .addAttributes(
                attr(
                    "gen_ai.output.messages",
                    "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Sunny, 24C.\"}],\"finish_reason\":\"stop\"}]"))
            .build();
  }

  @Benchmark
  public void baselineIterate(Blackhole bh) {
    for (KeyValue kv : resource.getAttributesList()) {
      bh.consume(kv.getKey().hashCode());
    }
    for (KeyValue kv : span.getAttributesList()) {
      bh.consume(kv.getKey().hashCode());
      bh.consume(kv.getValue());
    }
  }

  @Benchmark
  public Cost normalizeAndPrice() {
    NormalizedSpan n = normalizer.normalize(resource, span);
    return calculator.price("default", n);
  }

  @Benchmark
  public Cost normalizeAndPriceNoContent() {
    NormalizedSpan n = normalizer.normalize(resource, spanNoContent);
    return calculator.price("default", n);
  }

  @Benchmark
  public NormalizedSpan normalizeOnly() {
    return normalizer.normalize(resource, span);
  }

  private static KeyValue attr(String key, Object value) {
    AnyValue.Builder v = AnyValue.newBuilder();
    switch (value) {
      case String s -> v.setStringValue(s);
      case Long l -> v.setIntValue(l);
      case Double d -> v.setDoubleValue(d);
      default -> throw new IllegalArgumentException(String.valueOf(value));
    }
    return KeyValue.newBuilder().setKey(key).setValue(v).build();
  }

  /** Annotations give 1 fork, 3x1s warmup and measurement; JMH command-line flags override them. */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Options opts =
        new OptionsBuilder()
            .parent(new CommandLineOptions(args))
            .include(NormalizeAndPriceBenchmark.class.getSimpleName())
            .build();
    new Runner(opts).run();
  }
}
