package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LfuCacheTest {
  private final RemovalRecorder<Integer, String> recorder = new RemovalRecorder<>();

  private Cache<Integer, String> lfu(int capacity) {
    return CacheBuilder.newBuilder()
        .policy(Policy.LFU)
        .capacity(capacity)
        .removalListener(recorder)
        .build();
  }

  @Test
  void designExampleEvictsLowestFrequencyThenLeastRecent() {
    Cache<Integer, String> cache = lfu(2);
    cache.put(1, "one");
    cache.put(2, "two");
    cache.get(1);
    cache.put(3, "three");
    assertThat(recorder.keys(RemovalCause.SIZE)).containsExactly(2);
    cache.get(3);
    cache.put(4, "four");
    // 1 and 3 both have frequency 2; 1 was used less recently
    assertThat(recorder.keys(RemovalCause.SIZE)).containsExactly(2, 1);
    assertThat(cache.get(3)).isEqualTo("three");
    assertThat(cache.get(4)).isEqualTo("four");
  }

  @Test
  void overwriteAddsOneToFrequency() {
    Cache<Integer, String> cache = lfu(2);
    cache.put(1, "a");
    cache.put(2, "b");
    cache.put(1, "a2"); // 1 -> frequency 2
    cache.put(3, "c");
    assertThat(recorder.keys(RemovalCause.SIZE)).containsExactly(2);
    assertThat(cache.get(1)).isEqualTo("a2");
  }

  @Test
  void newKeyIsNeverTheVictim() {
    Cache<Integer, String> cache = lfu(2);
    cache.put(1, "a");
    cache.put(2, "b");
    for (int i = 0; i < 5; i++) {
      cache.get(1);
      cache.get(2);
    }
    cache.put(3, "c"); // every resident has frequency 6; the new key (1) must survive
    assertThat(cache.get(3)).isEqualTo("c");
    assertThat(recorder.keys(RemovalCause.SIZE)).containsExactly(1);
  }

  @Test
  void tiesBreakByLeastRecentUse() {
    Cache<Integer, String> cache = lfu(3);
    cache.put(1, "a");
    cache.put(2, "b");
    cache.put(3, "c");
    cache.get(2);
    cache.get(1);
    cache.get(3); // all at 2; order of last use: 2, 1, 3
    cache.put(4, "d"); // 2 is the least recent of frequency 2
    cache.put(5, "e"); // 4 (frequency 1) goes
    cache.get(5);
    cache.put(6, "f"); // 1, 3, 5 all at 2, in that order of last use
    assertThat(recorder.keys(RemovalCause.SIZE)).containsExactly(2, 4, 1);
  }

  @Test
  void containsKeyDoesNotCount() {
    Cache<Integer, String> cache = lfu(2);
    cache.put(1, "a");
    cache.put(2, "b");
    cache.containsKey(1);
    cache.containsKey(1);
    cache.put(3, "c");
    assertThat(recorder.keys(RemovalCause.SIZE)).containsExactly(1);
  }

  @Test
  void removeAndClear() {
    Cache<Integer, String> cache = lfu(2);
    cache.put(1, "a");
    cache.get(1);
    assertThat(cache.remove(1)).isEqualTo("a");
    cache.put(1, "again"); // frequency starts over at 1
    cache.put(2, "b");
    cache.get(2);
    cache.put(3, "c");
    assertThat(recorder.keys(RemovalCause.SIZE)).containsExactly(1);
    cache.clear();
    assertThat(cache.size()).isZero();
    assertThat(recorder.keys(RemovalCause.EXPLICIT)).containsExactlyInAnyOrder(1, 2, 3);
  }
}
