package dev.purecache;

import java.time.Duration;

/**
 * The loading contract on an LRU cache with expire after access (one hour: nothing expires during
 * the suite), with the portable engine. Deadlines change how hits and puts are recorded (every put
 * takes the lock, a hit moves the deadline), which is what this run checks against the contract.
 */
class AccessExpiryContractTest extends LoadingContractTest {
  @Override
  protected LoadEngine engine() {
    return LoadEngine.virtualThreads();
  }

  @Override
  protected Cache<String, String> newCache() {
    return CacheBuilder.newBuilder()
        .capacity(64)
        .stripes(1)
        .expireAfterAccess(Duration.ofHours(1))
        .recordStats()
        .loadEngine(engine())
        .build();
  }

  @Override
  protected Cache<String, String> newCache(Duration loadTimeout) {
    return CacheBuilder.newBuilder()
        .capacity(64)
        .stripes(1)
        .expireAfterAccess(Duration.ofHours(1))
        .recordStats()
        .loadTimeout(loadTimeout)
        .loadEngine(engine())
        .build();
  }
}
