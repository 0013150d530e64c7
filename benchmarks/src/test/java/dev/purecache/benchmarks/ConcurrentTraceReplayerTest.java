package dev.purecache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ConcurrentTraceReplayerTest {
  private static final int FREE = ConcurrentTraceReplayer.FREE;

  private static long[] cycle(int keys, int length) {
    long[] trace = new long[length];
    for (int i = 0; i < length; i++) {
      trace[i] = i % keys;
    }
    return trace;
  }

  /**
   * Keys 0..3 cycled, plus one more 0: split round-robin over 4 threads, thread i sees only key i,
   * so it misses once and hits on every other access whatever the interleaving. Thread 0 also
   * takes the last access.
   */
  @Test
  void threadITakesTheAccessesAtIModuloTheThreadCount() throws InterruptedException {
    int rounds = 10_000;
    long[] keys = cycle(4, 4 * rounds + 1);

    for (int maxLead : new int[] {FREE, 0}) {
      long[] hits =
          ConcurrentTraceReplayer.replay(
                  CacheType.PURE_ADAPTIVE.create(100, 0, true), keys, 4, maxLead)
              .hits();

      assertThat(hits).containsExactly(rounds, rounds - 1, rounds - 1, rounds - 1);
    }
  }

  /** Keys 0..3 cycled over 2 threads: thread 0 sees keys 0 and 2, thread 1 keys 1 and 3. */
  @Test
  void twoThreadsShareTheCycleByParity() throws InterruptedException {
    long[] keys = cycle(4, 4_000);

    var replay =
        ConcurrentTraceReplayer.replay(CacheType.CAFFEINE.create(100, 0, true), keys, 2, FREE);

    assertThat(replay.hits()).containsExactly(2_000 - 2, 2_000 - 2);
    assertThat(replay.totalHits()).isEqualTo(4_000 - 4);
  }

  /** One key on a large cache: at most one miss per thread (threads may all miss it at first). */
  @Test
  void aRepeatedKeyMissesAtMostOncePerThread() throws InterruptedException {
    long[] keys = new long[100_000];
    Arrays.fill(keys, 42);

    long total =
        ConcurrentTraceReplayer.replay(
                CacheType.PURE_ADAPTIVE.create(1_000, 0, true), keys, 4, FREE)
            .totalHits();

    assertThat(total).isBetween(keys.length - 4L, keys.length - 1L);
  }

  @Test
  void oneThreadIsTheSingleThreadedReplay() throws InterruptedException {
    long[] keys = new long[50_000];
    ScrambledZipf zipf = new ScrambledZipf(5_000, 7);
    for (int i = 0; i < keys.length; i++) {
      keys[i] = zipf.next();
    }

    long[] hits =
        ConcurrentTraceReplayer.replay(
                CacheType.PURE_ADAPTIVE.create(2_000, 0, true), keys, 1, FREE)
            .hits();

    assertThat(hits)
        .containsExactly(
            TraceReplayer.replay(
                ReferencePolicy.of(CacheType.PURE_ADAPTIVE.create(2_000, 0, true)), keys));
  }

  /**
   * Records the order in which the cache sees the trace's positions (every key is its position):
   * with a bounded lead, no position is looked up while one more than the bound (plus the
   * accesses a thread makes between two publications) before it is still unvisited.
   */
  @Test
  void aBoundedLeadKeepsEveryThreadNearTheSlowest() throws InterruptedException {
    int threads = 4;
    int maxLead = 8;
    long[] keys = new long[200_000];
    Arrays.setAll(keys, i -> i);
    Recorder recorder = new Recorder(keys.length);

    ConcurrentTraceReplayer.replay(recorder, keys, threads, maxLead);

    assertThat(recorder.count).isEqualTo(keys.length);
    boolean[] seen = new boolean[keys.length];
    int lowestUnseen = 0;
    int largestLead = 0;
    for (int i = 0; i < keys.length; i++) {
      int position = recorder.order[i];
      seen[position] = true;
      largestLead = Math.max(largestLead, position - lowestUnseen);
      while (lowestUnseen < keys.length && seen[lowestUnseen]) {
        lowestUnseen++;
      }
    }
    assertThat(largestLead)
        .isLessThanOrEqualTo(maxLead + (ConcurrentTraceReplayer.PUBLISH_EVERY - 1) * threads);
  }

  @Test
  void rejectsAThreadCountBelowOneAndANegativeLead() {
    assertThatThrownBy(
            () -> ConcurrentTraceReplayer.replay(CacheType.CHM.create(10), new long[1], 0, FREE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads must be at least 1, was 0");
    assertThatThrownBy(
            () -> ConcurrentTraceReplayer.replay(CacheType.CHM.create(10), new long[1], 1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLead must be at least 0, was -1");
  }

  @Test
  void aFailingThreadFailsTheReplay() {
    Recorder failing = new Recorder(0);

    assertThatThrownBy(() -> ConcurrentTraceReplayer.replay(failing, new long[100], 2, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a replay thread failed")
        .hasCauseInstanceOf(ArrayIndexOutOfBoundsException.class);
  }

  @Test
  void tableGivesMeansAndTheLargestDifferenceFromOneThread() {
    String md =
        ConcurrentTraceReplayer.table(
            List.of(
                "trace,size,cache,threads,maxLead,run,accesses,hits,hitRatio,largestLead",
                "t,10,A,1,none,1,100,50,50.0000,0",
                "t,10,A,2,none,1,100,49,49.0000,70",
                "t,10,A,2,none,2,100,51,51.5000,60",
                "t,10,A,4,none,1,100,47,47.0000,90",
                "t,10,A,2,32,1,100,50,50.1000,32",
                "t,10,A,4,32,1,100,50,49.8000,32",
                "t,10,B,1,none,1,100,60,60.0000,0",
                "t,10,B,2,none,1,100,61,61.0000,50",
                "t,10,B,4,none,1,100,60,60.2000,50",
                "t,10,B,2,32,1,100,60,60.5000,30",
                "t,10,B,4,32,1,100,60,59.0000,30"));

    assertThat(md)
        .startsWith(
            "| trace | size | A, 1 thread | 2 / 4 threads, lead ≤ 32 | worst Δ pp |"
                + " 2 / 4 threads, free | worst Δ pp | B, 1 thread |")
        .contains(
            "| t | 10 | 50.00 | 50.10 / 49.80 | -0.20 | 50.25 / 47.00 | -3.00 |"
                + " 60.00 | 60.50 / 59.00 | -1.00 | 61.00 / 60.20 | +1.00 |");
  }

  /** A cache that misses every key and records, in order, the keys looked up. */
  private static final class Recorder implements BenchCache<Long, Long> {
    private final ReentrantLock lock = new ReentrantLock();
    final int[] order;
    int count;

    Recorder(int capacity) {
      order = new int[capacity];
    }

    @Override
    public Long get(Long key) {
      lock.lock();
      try {
        order[count++] = key.intValue();
      } finally {
        lock.unlock();
      }
      return null;
    }

    @Override
    public void put(Long key, Long value) {}

    @Override
    public Long computeIfAbsent(Long key, Function<? super Long, ? extends Long> loader) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object unwrap() {
      return this;
    }
  }
}
