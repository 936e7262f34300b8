package io.lumina.bench.sdk;

import io.lumina.sdk.AlwaysSample;
import io.lumina.sdk.Lumina;
import io.lumina.sdk.LuminaOptions;
import io.lumina.sdk.TraceOptions;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What the Lumina SDK costs the application thread per traced LLM call (the target: under 5 µs):
 * {@code traceLLM} with metadata, usage, prompt and response, against {@link #baseline}, the same
 * call untraced. Export runs on the SDK's own threads into an exporter that discards, so the figure
 * is the application's share: span creation, attributes, the hand-off to the batch queue or to the
 * sampling buffer.
 *
 * <ul>
 *   <li>{@code sampled}: rate 1, every call recorded and queued for export;
 *   <li>{@code headDropped}: rate 0 and no condition, the call is not recorded at all;
 *   <li>{@code buffered}: rate 0 with conditions, every call recorded and handed to the conditional
 *       sampling buffer, which judges it on its own thread.
 * </ul>
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests && ./mvnw -q -pl benchmarks
 * exec:exec -Djmh.main=io.lumina.bench.sdk.TracedCallBenchmark}, on a quiet machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TracedCallBenchmark {

  @Param({"sampled", "headDropped", "buffered"})
  public String mode;

  private static final String PROMPT = "What is the weather in Paris tomorrow?";
  private static final String RESPONSE = "Sunny, 24C.";

  private Lumina lumina;
  private TraceOptions options;

  @Setup(Level.Trial)
  public void setUp() {
    LuminaOptions.Builder b =
        LuminaOptions.builder().serviceName("bench").exporter(new DiscardingExporter());
    switch (mode) {
      case "sampled" -> b.samplingRate(1.0);
      case "headDropped" -> b.samplingRate(0.0);
      case "buffered" ->
          b.samplingRate(0.0)
              .alwaysSample(
                  AlwaysSample.builder().errors(true).costUsdAbove(0.5).userIdIn("vip1").build());
      default -> throw new IllegalArgumentException(mode);
    }
    lumina = Lumina.init(b.shutdownHook(false).build());
    options =
        TraceOptions.builder()
            .name("chat")
            .model("gpt-4o-mini")
            .provider("openai")
            .metadata(Map.of("userId", "user-42", "sessionId", "s-7", "intent", "weather"))
            .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.println(System.lineSeparator() + mode + ": " + lumina.stats());
    lumina.close();
  }

  /** The call itself, untraced. */
  @Benchmark
  public String baseline() {
    return llmCall();
  }

  @Benchmark
  public String traceLlm() {
    return lumina.traceLLM(
        span -> {
          span.prompt(PROMPT).usage(1843, 212);
          String response = llmCall();
          span.response(response);
          return response;
        },
        options);
  }

  private static String llmCall() {
    return RESPONSE;
  }

  /** Accepts everything at once: the benchmark measures the SDK, not a network. */
  static final class DiscardingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Annotations give 1 fork, 3x2s warmup and 5x2s measurement; JMH flags override them. */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Options opts =
        new OptionsBuilder()
            .parent(new CommandLineOptions(args))
            .include(TracedCallBenchmark.class.getSimpleName())
            .build();
    new Runner(opts).run();
  }
}
