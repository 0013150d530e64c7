package dev.purecache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class GetPutBenchmarkTest {
  private static GetPutBenchmark setUp(CacheType type, int fillPercent) {
    GetPutBenchmark benchmark = new GetPutBenchmark();
    benchmark.cacheType = type;
    benchmark.fillPercent = fillPercent;
    benchmark.setup();
    return benchmark;
  }

  private static long size(GetPutBenchmark benchmark) {
    return ((dev.purecache.Cache<?, ?>) benchmark.cache.unwrap()).size();
  }

  @Test
  void ownShapeHoldsOnlyTheStreamsKeys() {
    GetPutBenchmark benchmark = setUp(CacheType.PURE_LRU, 0);

    int distinct = new HashSet<>(Arrays.asList(benchmark.keys)).size();
    assertThat(size(benchmark)).isEqualTo(distinct);
    assertThat(distinct * 5L).isLessThan(GetPutBenchmark.CAPACITY);
  }

  @Test
  void fillPercentTopsTheCacheUpWithKeysTheStreamNeverUses() {
    GetPutBenchmark benchmark = setUp(CacheType.PURE_LRU, 75);

    assertThat(size(benchmark)).isEqualTo(GetPutBenchmark.CAPACITY * 3L / 4);
    assertThat(benchmark.keys).allSatisfy(key -> assertThat(key).isNotNegative());
    assertThat(benchmark.read_100(new GetPutBenchmark.ThreadState())).isTrue();
  }

  /**
   * Backs the README's account of the two shapes: Caffeine records no read while its cache is
   * under half full, and records them once the filler keys take it past half.
   */
  @Test
  void caffeineSkipsItsReadBufferOnlyBelowHalfFull() throws ReflectiveOperationException {
    assertThat(skipsReadBuffer(setUp(CacheType.CAFFEINE, 0))).isTrue();
    assertThat(skipsReadBuffer(setUp(CacheType.CAFFEINE, 75))).isFalse();
  }

  private static boolean skipsReadBuffer(GetPutBenchmark benchmark)
      throws ReflectiveOperationException {
    Object local = ((Cache<?, ?>) benchmark.cache.unwrap()).asMap();
    Method skip =
        Class.forName("com.github.benmanes.caffeine.cache.BoundedLocalCache")
            .getDeclaredMethod("skipReadBuffer");
    skip.setAccessible(true);
    return (boolean) skip.invoke(local);
  }
}
