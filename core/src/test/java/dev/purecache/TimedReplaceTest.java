package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.RemovalRecorder.Removal;
import java.time.Duration;

/**
 * A put of a live key under the policies with a write time (TTL, LRU+TTL), which replaces value
 * and write time without the stripe lock: the entry's deadline restarts, and it takes its place
 * in write order (expiry order, and TTL's eviction order) from its last write.
 */
class TimedReplaceTest {
  private static final Duration TTL = Duration.ofMinutes(1);
  private final ManualTicker ticker = new ManualTicker();
  private final RemovalRecorder<String, Integer> recorder = new RemovalRecorder<>();

  private Cache<String, Integer> cache(Policy policy, int capacity) {
    return CacheBuilder.newBuilder()
        .policy(policy)
        .capacity(capacity)
        .ttl(TTL)
        .ticker(ticker)
        .removalListener(recorder)
        .build();
  }

  /** Writes a at 0 s and b at 1 s, then, at 2 s, a again: a put of a live key, a replace. */
  private void writeAThenBThenRewriteA(Cache<String, Integer> cache) {
    cache.put("a", 1);
    ticker.advance(Duration.ofSeconds(1));
    cache.put("b", 2);
    ticker.advance(Duration.ofSeconds(1));
    cache.put("a", 10);
  }

  @TimedPolicies
  void aPutOfALiveKeyRestartsItsDeadlineAndMovesItInWriteOrder(Policy policy) {
    Cache<String, Integer> cache = cache(policy, 3);
    writeAThenBThenRewriteA(cache);
    ticker.advance(TTL.minusSeconds(1)); // b expired, a (rewritten) live
    assertThat(cache.size()).isEqualTo(1);
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("a", 1, RemovalCause.REPLACED),
            new Removal<>("b", 2, RemovalCause.EXPIRED));
    assertThat(cache.get("a")).isEqualTo(10);
    ticker.advance(Duration.ofSeconds(1)); // the rewritten a's deadline
    assertThat(cache.get("a")).isNull();
  }

  @TimedPolicies
  void aPutOfALiveKeyReclaimsTheEntriesThatExpiredBeforeIt(Policy policy) {
    Cache<String, Integer> cache = cache(policy, 3);
    cache.put("a", 1);
    ticker.advance(Duration.ofSeconds(1));
    cache.put("b", 2);
    ticker.advance(TTL.minusSeconds(1)); // a expired, b live
    cache.put("b", 20);
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("a", 1, RemovalCause.EXPIRED),
            new Removal<>("b", 2, RemovalCause.REPLACED));
  }

  @TimedPolicies
  void entriesWrittenAtOneInstantExpireInTheOrderOfTheirLastWrites(Policy policy) {
    Cache<String, Integer> cache = cache(policy, 3);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.put("a", 10);
    cache.put("b", 20);
    cache.put("a", 100); // a's last write is the latest, though its first replace came first
    ticker.advance(TTL);
    cache.cleanUp();
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("a", 1, RemovalCause.REPLACED),
            new Removal<>("b", 2, RemovalCause.REPLACED),
            new Removal<>("a", 10, RemovalCause.REPLACED),
            new Removal<>("b", 20, RemovalCause.EXPIRED),
            new Removal<>("a", 100, RemovalCause.EXPIRED));
  }

  @TimedPolicies
  void aFullCacheEvictsTheEntryWrittenLongestAgoNotOneRewrittenSince(Policy policy) {
    Cache<String, Integer> cache = cache(policy, 2);
    writeAThenBThenRewriteA(cache);
    cache.put("c", 3); // full: TTL evicts the oldest write, LRU+TTL the least recently used
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("a", 1, RemovalCause.REPLACED),
            new Removal<>("b", 2, RemovalCause.SIZE));
    assertThat(cache.get("a")).isEqualTo(10);
  }
}
