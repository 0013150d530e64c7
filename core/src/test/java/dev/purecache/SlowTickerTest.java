package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Ticker} is user code, and a slow one must stall only its own caller: no write of the
 * stripe, and no read of the key, may wait for a lock-free replace whose clock read is slow.
 */
class SlowTickerTest {

  @TimedPolicies
  void aSlowTickerInALockFreeReplaceStallsNoOtherWriterOrReader(Policy policy) throws Exception {
    SlowTicker ticker = new SlowTicker();
    Cache<String, Integer> cache =
        CacheBuilder.newBuilder()
            .policy(policy)
            .capacity(8)
            .stripes(1)
            .ttl(Duration.ofMinutes(1))
            .ticker(ticker)
            .build();
    cache.put("a", 1);
    Thread replacer =
        Thread.ofVirtual()
            .unstarted(() -> cache.put("a", 2)); // a put of a live key: the lock-free replace
    ticker.slowDown(replacer);
    replacer.start();
    Awaits.latch(ticker.entered, "the replace reads the slow clock");

    // While that clock read blocks, a writer of the same stripe and a reader of the same key
    // complete: neither waits for the replace.
    CompletableFuture<Integer> others =
        CompletableFuture.supplyAsync(
            () -> {
              cache.put("b", 10);
              cache.remove("b");
              return cache.get("a");
            },
            r -> Thread.ofVirtual().start(r));
    assertThat(others.get(Awaits.PATIENCE_SECONDS, TimeUnit.SECONDS))
        .as("the key's value before the stalled replace")
        .isEqualTo(1);

    ticker.release.countDown();
    replacer.join(Duration.ofSeconds(Awaits.PATIENCE_SECONDS));
    assertThat(replacer.isAlive()).isFalse();
    assertThat(cache.get("a")).isEqualTo(2);
    assertThat(cache.size()).isEqualTo(1);
  }
}
