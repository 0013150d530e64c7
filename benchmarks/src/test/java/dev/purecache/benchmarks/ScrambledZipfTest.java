package dev.purecache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScrambledZipfTest {
  @Test
  void keysStayInRange() {
    ScrambledZipf zipf = new ScrambledZipf(1000, 1);
    for (int i = 0; i < 100_000; i++) {
      assertThat(zipf.next()).isBetween(0L, 999L);
    }
  }

  @Test
  void ranksAreSkewedLikeZipf() {
    ScrambledZipf zipf = new ScrambledZipf(10_000, 2);
    int n = 200_000;
    int[] counts = new int[10_000];
    for (int i = 0; i < n; i++) {
      counts[(int) zipf.nextRank()]++;
    }
    // With theta 0.99 over 10,000 items, rank 0 draws 1 / zeta(10000, 0.99) of the stream,
    // about 10%, and rank 0 is twice as frequent as rank 1 (2^0.99).
    assertThat(counts[0] / (double) n).isBetween(0.09, 0.12);
    assertThat(counts[0] / (double) counts[1]).isBetween(1.8, 2.2);
    assertThat(counts[0]).isGreaterThan(counts[10]).isGreaterThan(0);
  }

  @Test
  void scramblingSpreadsTheHotRanks() {
    long first = Math.floorMod(ScrambledZipf.fnv1a64(0), 10_000L);
    long second = Math.floorMod(ScrambledZipf.fnv1a64(1), 10_000L);
    assertThat(Math.abs(first - second)).isGreaterThan(1);
  }

  @Test
  void sameSeedSameStream() {
    assertThat(new ScrambledZipf(500, 9).keys(100)).containsExactly(new ScrambledZipf(500, 9).keys(100));
  }

  @Test
  void rejectsTinyKeySpaces() {
    assertThatThrownBy(() -> new ScrambledZipf(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSmallerThetaIsLessSkewed() {
    int n = 200_000;
    int[] skewed = new int[10_000];
    int[] flatter = new int[10_000];
    ScrambledZipf a = new ScrambledZipf(10_000, 3);
    ScrambledZipf b = new ScrambledZipf(10_000, 0.8, 3);
    for (int i = 0; i < n; i++) {
      skewed[(int) a.nextRank()]++;
      flatter[(int) b.nextRank()]++;
    }
    // rank 0 draws 1 / zeta(10000, theta): about 10% at 0.99, about 3.5% at 0.8, and it is 2^0.8
    // (1.74) times as frequent as rank 1
    assertThat(flatter[0] / (double) n).isBetween(0.03, 0.04);
    assertThat(flatter[0] / (double) flatter[1]).isBetween(1.6, 1.9);
    assertThat(flatter[0]).isLessThan(skewed[0] / 2);
  }

  @Test
  void rejectsAThetaOutsideTheOpenUnitInterval() {
    assertThatThrownBy(() -> new ScrambledZipf(100, 1.0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("theta");
    assertThatThrownBy(() -> new ScrambledZipf(100, 0.0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
