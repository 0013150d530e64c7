package dev.purecache.jcache;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import dev.purecache.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.After;
import org.junit.Test;

/** purecache's own JCache settings: size bound, time-to-live bound, ticker, store by value. */
public class PureJCacheTest {
  private final CacheManager manager = Caching.getCachingProvider().getCacheManager();

  /**
   * A ticker the test moves by hand. It can also be set to read ahead only inside purecache's
   * {@code Cache.remove}, so that time passes at an exact point of an operation of this layer:
   * between its own expiry check and the removal that follows it.
   */
  static final class ManualTicker implements Ticker {
    private static final StackWalker WALKER =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private volatile long aheadInsideStoreRemove;

    @Override
    public long read() {
      long now = nanos.get();
      long ahead = aheadInsideStoreRemove;
      return ahead != 0 && insideStoreRemove() ? now + ahead : now;
    }

    void advanceSeconds(long s) {
      nanos.addAndGet(TimeUnit.SECONDS.toNanos(s));
    }

    /** From now on, readings taken inside purecache's {@code Cache.remove} are {@code s} later. */
    void aheadInsideStoreRemoveSeconds(long s) {
      aheadInsideStoreRemove = TimeUnit.SECONDS.toNanos(s);
    }

    private static boolean insideStoreRemove() {
      return WALKER.walk(
          frames ->
              frames.anyMatch(
                  f ->
                      f.getMethodName().equals("remove")
                          && dev.purecache.Cache.class.isAssignableFrom(f.getDeclaringClass())));
    }
  }

  /** Records expired events; static so the listener factory can be serializable. */
  public static final class ExpiredRecorder
      implements CacheEntryExpiredListener<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> e : events) {
        SEEN.add(e.getKey() + "=" + e.getOldValue());
      }
    }
  }

  @After
  public void destroy() {
    for (String name : manager.getCacheNames()) {
      manager.destroyCache(name);
    }
  }

  @Test
  public void theProviderIsFoundThroughTheServiceFile() {
    assertTrue(Caching.getCachingProvider() instanceof PureCachingProvider);
  }

  @Test
  public void aFullCacheEvictsTheLeastRecentlyUsedEntryAndCountsIt() {
    PureConfiguration<Integer, String> config = new PureConfiguration<>();
    config.setCapacity(2).setTypes(Integer.class, String.class).setStatisticsEnabled(true);
    Cache<Integer, String> cache = manager.createCache("bounded", config);
    cache.put(1, "a");
    cache.put(2, "b");
    cache.get(1);
    cache.put(3, "c");
    assertTrue(cache.containsKey(1));
    assertFalse(cache.containsKey(2));
    assertTrue(cache.containsKey(3));
    assertEquals(1, cache.unwrap(PureJCache.class).statistics().getCacheEvictions());
  }

  @Test
  public void theTimeToLiveBoundCapsAnEternalExpiryPolicy() {
    ManualTicker ticker = new ManualTicker();
    PureConfiguration<String, String> config = new PureConfiguration<>();
    config.setTimeToLive(java.time.Duration.ofSeconds(10)).setTicker(ticker);
    Cache<String, String> cache = manager.createCache("ttl", config);
    cache.put("k", "v");
    ticker.advanceSeconds(9);
    assertEquals("v", cache.get("k"));
    ticker.advanceSeconds(1);
    assertNull(cache.get("k"));
  }

  @Test
  public void aPerEntryExpiryPolicyRunsOnTheTickerAndReportsExpiry() {
    ExpiredRecorder.SEEN.clear();
    ManualTicker ticker = new ManualTicker();
    PureConfiguration<String, String> config = new PureConfiguration<>();
    config.setTicker(ticker);
    config.setExpiryPolicyFactory(
        CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, 5)));
    config.addCacheEntryListenerConfiguration(
        new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(ExpiredRecorder.class), null, true, true));
    Cache<String, String> cache = manager.createCache("expiry", config);
    cache.put("k", "v");
    ticker.advanceSeconds(4);
    assertEquals("v", cache.get("k"));
    ticker.advanceSeconds(1);
    assertNull(cache.get("k"));
    assertEquals(List.of("k=v"), ExpiredRecorder.SEEN);
  }

  @Test
  public void storeByValueCopiesInAndOut() {
    PureConfiguration<String, ArrayList<String>> config = new PureConfiguration<>();
    Cache<String, ArrayList<String>> cache = manager.createCache("byValue", config);
    ArrayList<String> list = new ArrayList<>(List.of("a"));
    cache.put("k", list);
    list.add("changed after put");
    ArrayList<String> first = cache.get("k");
    assertEquals(List.of("a"), first);
    first.add("changed after get");
    assertEquals(List.of("a"), cache.get("k"));
    assertNotSame(cache.get("k"), cache.get("k"));
  }

  @Test
  public void storeByReferenceSharesInstances() {
    PureConfiguration<String, ArrayList<String>> config = new PureConfiguration<>();
    config.setStoreByValue(false);
    Cache<String, ArrayList<String>> cache = manager.createCache("byReference", config);
    ArrayList<String> list = new ArrayList<>(List.of("a"));
    cache.put("k", list);
    assertTrue(list == cache.get("k"));
  }
}
