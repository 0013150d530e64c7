package dev.purecache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReferencePolicyTest {
  @Test
  void lruEvictsTheLeastRecentlyUsed() {
    ReferencePolicy lru = ReferencePolicy.lru(3);
    lru.access(1);
    lru.access(2);
    lru.access(3);
    assertThat(lru.access(1)).isTrue();
    lru.access(4); // evicts 2
    assertThat(lru.access(3)).isTrue();
    assertThat(lru.access(1)).isTrue();
    assertThat(lru.access(2)).isFalse();
  }

  @Test
  void lfuEvictsLowestFrequencyThenLeastRecent() {
    // The example of the design: capacity 2; put 1, put 2, get 1, put 3 -> 2 evicted;
    // get 3, put 4 -> 1 evicted (1 and 3 have frequency 2; 1 was used less recently).
    ReferencePolicy lfu = ReferencePolicy.lfu(2);
    lfu.access(1);
    lfu.access(2);
    assertThat(lfu.access(1)).isTrue();
    lfu.access(3);
    assertThat(lfu.access(3)).isTrue();
    assertThat(lfu.access(4)).isFalse();
    assertThat(lfu.access(3)).isTrue();
    assertThat(lfu.access(1)).isFalse();
  }

  @Test
  void fifoIgnoresHits() {
    ReferencePolicy fifo = ReferencePolicy.fifo(2);
    fifo.access(1);
    fifo.access(2);
    assertThat(fifo.access(1)).isTrue();
    fifo.access(3); // evicts 1, the oldest insert, although it was just read
    assertThat(fifo.access(2)).isTrue();
    assertThat(fifo.access(1)).isFalse();
  }

  @Test
  void oneStripeBackendsReplayExactlyLikeTheReferences() {
    long[] keys = new long[50_000];
    ScrambledZipf zipf = new ScrambledZipf(5_000, 3);
    for (int i = 0; i < keys.length; i++) {
      keys[i] = zipf.next();
    }
    int size = 2_000;
    assertThat(TraceReplayer.replay(ReferencePolicy.of(CacheType.PURE_LRU.create(size, 1, true)), keys))
        .isEqualTo(TraceReplayer.replay(ReferencePolicy.lru(size), keys));
    assertThat(TraceReplayer.replay(ReferencePolicy.of(CacheType.PURE_LFU.create(size, 1, true)), keys))
        .isEqualTo(TraceReplayer.replay(ReferencePolicy.lfu(size), keys));
    assertThat(TraceReplayer.replay(ReferencePolicy.of(CacheType.PURE_TTL.create(size, 1, true)), keys))
        .isEqualTo(TraceReplayer.replay(ReferencePolicy.fifo(size), keys));
  }
}
