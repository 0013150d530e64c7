package dev.purecache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stampede and memory tables that {@link Report} writes from the harnesses' CSV. */
class ResultTablesTest {
  @Test
  void stampedeRowsLeaveOutTheWarmUpRoundAndTakeMedians(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("stampede.csv");
    Files.write(
        csv,
        List.of(
            "# stampede: 10000 virtual threads, 100 keys, 20 ms loader; round 0 is warm-up",
            "cache,round,loaderCalls,wallMs,wallOverLoad,p50Ms,p99Ms,startP50Ms,startP99Ms",
            "PURE_LRU,0,100,900.0,45.0,800.0,900.0,700.0,800.0",
            "PURE_LRU,1,100,40.0,2.0,10.0,30.0,5.0,9.0",
            "PURE_LRU,2,100,20.0,1.0,30.0,10.0,3.0,8.0",
            "PURE_LRU,3,99,30.0,1.5,20.0,20.0,4.0,7.0",
            "GUAVA,1,100,28.0,1.4,14.0,25.0,6.0,12.0",
            "# the rest keeps moving: 2 threads",
            "cache,pairs,medianOpsPerMsNoLoad,medianOpsPerMsDuringLoad,medianRatio,minRatio",
            "PURE_LRU,15,10581,10658,1.008,0.975"));

    String md = StampedeTables.tables(csv);

    assertThat(md)
        .contains("| PURE_LRU | 3 | 99-100 | 30.0 | 20.0 | 40.0 | 20.0 | 20.0 | 4.0 |")
        .contains("| GUAVA | 1 | 100 | 28.0 | 28.0 | 28.0 | 14.0 | 25.0 | 6.0 |")
        .contains("| PURE_LRU | 15 | 10,581 | 10,658 | 1.01 | 0.98 |")
        .doesNotContain("900.0");
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Stampede.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Stampede.median(new double[] {5, 1, 3})).isEqualTo(3);
  }

  @Test
  void memoryRowsCompareWithCaffeineOfTheSameConfiguration() {
    String md =
        MemoryTable.table(
            List.of(
                "# # VM mode: 64 bits",
                "cache,inserted,held,totalBytes,emptyBytes,keyValueBytes,bytesPerEntry",
                "PURE_LRU,100000,99843,10866552,233032,3194976,74.5",
                "PURE_LRU_TTL,100000,99843,12484520,253512,3194976,90.5",
                "CAFFEINE,100000,100000,11698960,1400,3200000,85.0",
                "CAFFEINE_TTL,100000,100000,13299048,1488,3200000,101.0"));

    assertThat(md)
        .contains("| PURE_LRU | 99,843 | 74.5 | 76.8 | 233,032 | 0.88x / 0.90x of CAFFEINE |")
        .contains(
            "| PURE_LRU_TTL | 99,843 | 90.5 | 93.0 | 253,512 | 0.90x / 0.92x of CAFFEINE_TTL |")
        .contains("| CAFFEINE | 100,000 | 85.0 | 85.0 | 1,400 | 1.00x / 1.00x of CAFFEINE |")
        .contains(
            "| CAFFEINE_TTL | 100,000 | 101.0 | 101.0 | 1,488 | 1.00x / 1.00x of CAFFEINE_TTL |");
  }

  @Test
  void memoryCountingTheEmptyCacheShowsTablesAllocatedUpFront() {
    String md =
        MemoryTable.table(
            List.of(
                Memory.HEADER,
                "PURE_ADAPTIVE,100000,99843,12833072,2199552,3194976,74.5,96.5",
                "CAFFEINE,100000,100000,11698960,1400,3200000,85.0,85.0"));

    assertThat(md)
        .contains(
            "| PURE_ADAPTIVE | 99,843 | 74.5 | 96.5 | 2,199,552 | 0.88x / 1.14x of CAFFEINE |");
  }
}
