package dev.purecache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrentTraceReplayerTest {
  /**
   * Keys 0..3 cycled, plus one more 0: split round-robin over 4 threads, thread i sees only key i,
   * so it misses once and hits on every other access whatever the interleaving. Thread 0 also
   * takes the last access.
   */
  @Test
  void threadITakesTheAccessesAtIModuloTheThreadCount() throws InterruptedException {
    int rounds = 10_000;
    long[] keys = new long[4 * rounds + 1];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = i % 4;
    }

    long[] hits = ConcurrentTraceReplayer.replay(CacheType.PURE_ADAPTIVE.create(100, 0, true), keys, 4);

    assertThat(hits).containsExactly(rounds, rounds - 1, rounds - 1, rounds - 1);
  }

  /** Keys 0..3 cycled over 2 threads: thread 0 sees keys 0 and 2, thread 1 keys 1 and 3. */
  @Test
  void twoThreadsShareTheCycleByParity() throws InterruptedException {
    long[] keys = new long[4 * 1_000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = i % 4;
    }

    long[] hits = ConcurrentTraceReplayer.replay(CacheType.CAFFEINE.create(100, 0, true), keys, 2);

    assertThat(hits).containsExactly(2_000 - 2, 2_000 - 2);
  }

  /** One key on a large cache: at most one miss per thread (threads may all miss it at first). */
  @Test
  void aRepeatedKeyMissesAtMostOncePerThread() throws InterruptedException {
    long[] keys = new long[100_000];
    Arrays.fill(keys, 42);

    long total = Arrays.stream(ConcurrentTraceReplayer.replay(
        CacheType.PURE_ADAPTIVE.create(1_000, 0, true), keys, 4)).sum();

    assertThat(total).isBetween(keys.length - 4L, keys.length - 1L);
  }

  @Test
  void oneThreadIsTheSingleThreadedReplay() throws InterruptedException {
    long[] keys = new long[50_000];
    ScrambledZipf zipf = new ScrambledZipf(5_000, 7);
    for (int i = 0; i < keys.length; i++) {
      keys[i] = zipf.next();
    }

    long[] hits = ConcurrentTraceReplayer.replay(CacheType.PURE_ADAPTIVE.create(2_000, 0, true), keys, 1);

    assertThat(hits).containsExactly(
        TraceReplayer.replay(ReferencePolicy.of(CacheType.PURE_ADAPTIVE.create(2_000, 0, true)), keys));
  }

  @Test
  void rejectsAThreadCountBelowOne() {
    assertThatThrownBy(() -> ConcurrentTraceReplayer.replay(CacheType.CHM.create(10), new long[1], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads must be at least 1, was 0");
  }

  @Test
  void tableGivesMeansAndTheLargestDifferenceFromOneThread() {
    String md =
        ConcurrentTraceReplayer.table(
            List.of(
                "trace,size,cache,threads,run,accesses,hits,hitRatio",
                "t,10,A,1,1,100,50,50.0000",
                "t,10,A,2,1,100,49,49.0000",
                "t,10,A,2,2,100,51,51.5000",
                "t,10,A,4,1,100,47,47.0000",
                "t,10,A,4,2,100,49,49.0000",
                "t,10,B,1,1,100,60,60.0000",
                "t,10,B,2,1,100,61,61.0000",
                "t,10,B,4,1,100,60,60.2000"));

    assertThat(md)
        .contains("| A 1 thread | 2 threads | 4 threads | worst Δ pp | B 1 thread |")
        .contains("| t | 10 | 50.00 | 50.25 | 48.00 | -3.00 | 60.00 | 61.00 | 60.20 | +1.00 |");
  }
}
