package dev.purecache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HitRatioSweepTest {
  @Test
  void sizesRunGeometricallyFromEndToEnd() {
    int[] sizes = HitRatioSweep.geometricSizes(125, 2_000, 5);
    assertThat(sizes).containsExactly(125, 250, 500, 1_000, 2_000);
  }

  @Test
  void scansAreOfKeysNeverSeenBefore() {
    long[] keys = {1, 2, 3, 4};
    long[] out = HitRatioSweep.withScans(keys, 2, 3);
    assertThat(out).hasSize(10);
    assertThat(Arrays.copyOfRange(out, 0, 2)).containsExactly(1, 2);
    assertThat(Arrays.copyOfRange(out, 5, 7)).containsExactly(3, 4);
    assertThat(Arrays.stream(out).distinct().count()).isEqualTo(10);
  }

  @Test
  void aLoopAndZipfTraceHoldsEveryZipfKeyInOrder() {
    long[] zipf = {100, 101, 102, 103};
    long[] out = HitRatioSweep.loopAndZipf(3, zipf);
    assertThat(out).hasSize(8);
    assertThat(Arrays.stream(out).filter(k -> k >= 100).toArray()).containsExactly(zipf);
    long[] loop = Arrays.stream(out).filter(k -> k < 100).toArray();
    for (int i = 0; i < loop.length; i++) {
      assertThat(loop[i]).isEqualTo(i % 3);
    }
  }

  @Test
  void theSyntheticTracesAreTheSameOnEveryRun() {
    Map<String, long[]> first = HitRatioSweep.syntheticTraces();
    Map<String, long[]> second = HitRatioSweep.syntheticTraces();
    assertThat(first.keySet()).containsExactlyElementsOf(second.keySet()).hasSize(6);
    first.forEach((name, keys) -> assertThat(keys).as(name).isEqualTo(second.get(name)));
  }

  @Test
  void aShiftingTraceMovesItsKeysPhaseByPhase() {
    long[] out = HitRatioSweep.shifting(2, 1_000, 5_000, 10_000);
    assertThat(Arrays.stream(out, 0, 10_000).max().getAsLong()).isLessThan(5_000);
    assertThat(Arrays.stream(out, 10_000, 20_000).min().getAsLong()).isGreaterThanOrEqualTo(5_000);
  }

  @Test
  void anotherTracesSizesAreSharesOfItsDistinctKeys() {
    long[] keys = new long[2_000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = i % 1_000;
    }
    assertThat(HitRatioSweep.sharesOfKeys(keys)).containsExactly(20, 50, 100, 200, 300, 500, 800);
    assertThat(HitRatioSweep.sharesOfKeys(new long[] {1, 2, 3})).containsOnly(10);
  }
}
