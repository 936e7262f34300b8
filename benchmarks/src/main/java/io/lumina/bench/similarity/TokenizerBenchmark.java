package io.lumina.bench.similarity;

import io.lumina.similarity.ExactHashScorer;
import io.lumina.similarity.TextSimilarityScorer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Cost of the quality scorers' text handling per KB of response text: {@link
 * TextSimilarityScorer#tokens} and {@link ExactHashScorer#normalize} on exactly 1,024 characters of
 * an English answer ({@code ascii}) or of an answer mixing accents, CJK and emoji ({@code mixed}).
 * One operation is one KB, so the score reads directly as time per KB (target: under 1 µs for the
 * ASCII answer, docs/performance.md). {@code tokens} builds the token strings (kept for tests and
 * callers that want them); {@code tokenHashes} is what scoring uses; {@code score} compares two KB
 * texts, so it is about twice the tokenizer plus the counting.
 *
 * <p>Run on a quiet machine: {@code mvn -q -pl benchmarks exec:exec
 * -Djmh.main=io.lumina.bench.similarity.TokenizerBenchmark}; JMH options go after it as usual.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class TokenizerBenchmark {

  private static final String ASCII_ANSWER =
      "The capital of France is Paris. It has been the country's political and cultural centre"
          + " for centuries, home to the government, the national assembly and most ministries."
          + " Paris also hosts 2 of the 5 busiest airports in Europe; about 11 million people live"
          + " in its metropolitan area. ";

  private static final String MIXED_ANSWER =
      "Café résumé naïve — 東京は日本の首都です。カタカナ ひらがな 😀 Ångström Ｆｕｌｌ 42 ";

  @Param({"ascii", "mixed"})
  public String text;

  private static final TextSimilarityScorer SCORER = new TextSimilarityScorer();

  private String kilobyte;
  // the same KB with its first word changed: a score that is not the equal-texts shortcut
  private String other;

  @Setup
  public void setUp() {
    String unit = text.equals("ascii") ? ASCII_ANSWER : MIXED_ANSWER;
    StringBuilder b = new StringBuilder(1024 + unit.length());
    while (b.length() < 1024) {
      b.append(unit);
    }
    b.setLength(1024);
    if (Character.isHighSurrogate(b.charAt(1023))) {
      b.setCharAt(1023, ' ');
    }
    kilobyte = b.toString();
    other = "X" + kilobyte.substring(1);
  }

  @Benchmark
  public List<String> tokens() {
    return TextSimilarityScorer.tokens(kilobyte);
  }

  @Benchmark
  public long[] tokenHashes() {
    return TextSimilarityScorer.tokenHashes(kilobyte);
  }

  @Benchmark
  public double score() {
    return SCORER.score(kilobyte, other);
  }

  @Benchmark
  public String normalize() {
    return ExactHashScorer.normalize(kilobyte);
  }

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Options opts =
        new OptionsBuilder()
            .parent(new CommandLineOptions(args))
            .include(TokenizerBenchmark.class.getSimpleName())
            .build();
    new Runner(opts).run();
  }
}
