package io.lumina.storage.rollups;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Latency distributions as DDSketches in their binary form, the form a rollup row can hold: any
 * quantile read from a sketch is within {@link #RELATIVE_ACCURACY} of the true value (1%: a true
 * p95 of 800 ms reads between 792 and 808 ms), and sketches merge without losing accuracy, so the
 * sketch of a window and grouping is the merge of its hourly ones. Merging needs the sketch code,
 * which is why the bytes are merged in Java, not in SQL.
 */
public final class LatencySketches {
  /** The relative error of every quantile read from these sketches. */
  public static final double RELATIVE_ACCURACY = 0.01;

  private LatencySketches() {}

  /** An empty sketch with this accuracy. */
  public static DDSketch empty() {
    return DDSketches.logarithmicUnboundedDense(RELATIVE_ACCURACY);
  }

  /** A sketch of the given latencies (milliseconds, not negative). */
  public static DDSketch of(double... latenciesMs) {
    DDSketch sketch = empty();
    for (double v : latenciesMs) {
      sketch.accept(Math.max(0, v));
    }
    return sketch;
  }

  /** The sketch in the library's own compact encoding, index mapping included. */
  public static byte[] encode(DDSketch sketch) {
    GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
    try {
      sketch.encode(out, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.trimmedCopy();
  }

  /**
   * @throws IllegalArgumentException when the bytes are not an encoded sketch
   */
  public static DDSketch decode(byte[] bytes) {
    try {
      return DDSketch.decode(ByteArrayInput.wrap(bytes), UnboundedSizeDenseStore::new);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not an encoded latency sketch", e);
    }
  }

  /** Adds the encoded sketch {@code bytes} (null: nothing) to {@code into}. */
  public static void mergeInto(DDSketch into, byte[] bytes) {
    if (bytes == null) {
      return;
    }
    try {
      into.decodeAndMergeWith(ByteArrayInput.wrap(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("not an encoded latency sketch", e);
    }
  }
}
