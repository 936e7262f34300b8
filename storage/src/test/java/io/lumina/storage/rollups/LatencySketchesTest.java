package io.lumina.storage.rollups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.datadoghq.sketch.ddsketch.DDSketch;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySketchesTest {

  @Test
  void mergedHourlySketchesGiveQuantilesWithinOnePercentOfTheExactOnes() {
    Random random = new Random(42);
    double[] all = new double[24_000];
    DDSketch merged = LatencySketches.empty();
    for (int hour = 0; hour < 24; hour++) {
      double[] values = new double[1_000];
      for (int i = 0; i < values.length; i++) {
        // log-normal around 800 ms, the shape of LLM call latencies, with hours that differ
        values[i] = Math.exp(Math.log(800 + 40 * hour) + 0.6 * random.nextGaussian());
      }
      System.arraycopy(values, 0, all, hour * values.length, values.length);
      byte[] stored = LatencySketches.encode(LatencySketches.of(values));
      LatencySketches.mergeInto(merged, stored);
    }
    Arrays.sort(all);
    assertThat(merged.getCount()).isEqualTo(all.length);
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      double exact = all[(int) Math.ceil(q * all.length) - 1];
      assertThat(merged.getValueAtQuantile(q))
          .as("p" + (int) (q * 100))
          .isCloseTo(exact, within(exact * LatencySketches.RELATIVE_ACCURACY + 1e-9));
    }
  }

  @Test
  void roundTripsThroughBytesAndRefusesOtherBytes() {
    DDSketch sketch = LatencySketches.of(0, 12.5, 900, 30_000);
    DDSketch back = LatencySketches.decode(LatencySketches.encode(sketch));
    assertThat(back.getCount()).isEqualTo(4);
    assertThat(back.getMaxValue()).isCloseTo(30_000, within(300.0));
    assertThat(back.getMinValue()).isZero();
    LatencySketches.mergeInto(back, null);
    assertThat(back.getCount()).isEqualTo(4);
    assertThatThrownBy(() -> LatencySketches.decode(new byte[] {(byte) 0xff, 1, 2}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
