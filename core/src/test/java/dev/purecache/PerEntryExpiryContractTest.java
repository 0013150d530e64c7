package dev.purecache;

import java.time.Duration;

/**
 * The loading contract on an LRU cache with an {@link Expiry} (one hour after create, update and
 * read: nothing expires during the suite), with the portable engine. Deadlines change how hits
 * and puts are recorded (every put takes the lock, a hit moves the deadline, a timer wheel keeps
 * them), which is what this run checks against the contract.
 */
class PerEntryExpiryContractTest extends LoadingContractTest {
  /** One hour after every create, update and read. */
  static final class FixedExpiry implements Expiry<Object, Object> {
    private static final long HOUR = Duration.ofHours(1).toNanos();

    @Override
    public long expireAfterCreate(Object key, Object value, long currentTime) {
      return HOUR;
    }

    @Override
    public long expireAfterUpdate(Object key, Object value, long currentTime, long currentDuration) {
      return HOUR;
    }

    @Override
    public long expireAfterRead(Object key, Object value, long currentTime, long currentDuration) {
      return HOUR;
    }
  }

  @Override
  protected LoadEngine engine() {
    return LoadEngine.virtualThreads();
  }

  @Override
  protected Cache<String, String> newCache() {
    return CacheBuilder.newBuilder()
        .capacity(64)
        .stripes(1)
        .expireAfter(new FixedExpiry())
        .recordStats()
        .loadEngine(engine())
        .build();
  }

  @Override
  protected Cache<String, String> newCache(Duration loadTimeout) {
    return CacheBuilder.newBuilder()
        .capacity(64)
        .stripes(1)
        .expireAfter(new FixedExpiry())
        .recordStats()
        .loadTimeout(loadTimeout)
        .loadEngine(engine())
        .build();
  }
}
