package dev.purecache.jcache;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import dev.purecache.jcache.PureJCacheTest.ExpiredRecorder;
import dev.purecache.jcache.PureJCacheTest.ManualTicker;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.After;
import org.junit.Test;

/**
 * EXPIRED events of entries past the {@link PureConfiguration#setTimeToLive} cap: each is
 * reported once, by the operation that removed the entry, through that operation's events (so a
 * synchronous listener's failure reaches its caller).
 */
public class TimeToLiveEventsTest {
  private final CacheManager manager = Caching.getCachingProvider().getCacheManager();
  private final ManualTicker ticker = new ManualTicker();

  /** A synchronous expiry listener that fails. */
  public static final class FailingExpiredListener
      implements CacheEntryExpiredListener<String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      throw new IllegalStateException("expired listener failed");
    }
  }

  @After
  public void destroy() {
    for (String name : manager.getCacheNames()) {
      manager.destroyCache(name);
    }
  }

  private Cache<String, String> cacheWith(
      Class<? extends CacheEntryListener<String, String>> listener, Duration expiry) {
    PureConfiguration<String, String> config = new PureConfiguration<>();
    // capacity 16: one purecache stripe, so a write of any key reclaims every entry past the cap
    config.setCapacity(16).setTimeToLive(java.time.Duration.ofSeconds(10)).setTicker(ticker);
    config.setTypes(String.class, String.class);
    config.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(expiry));
    config.addCacheEntryListenerConfiguration(
        new MutableCacheEntryListenerConfiguration<String, String>(
            FactoryBuilder.factoryOf(listener), null, true, true));
    return manager.createCache("ttlEvents", config);
  }

  @Test
  public void theCapPassingBetweenAnExpiryCheckAndItsRemovalIsReportedOnce() {
    ExpiredRecorder.SEEN.clear();
    Cache<String, String> cache =
        cacheWith(ExpiredRecorder.class, new Duration(TimeUnit.SECONDS, 5));
    cache.put("k", "v");
    ticker.advanceSeconds(9); // past the 5 s expiry policy, before the 10 s cap
    ticker.aheadInsideStoreRemoveSeconds(2); // the cap passes once the entry is found expired
    assertNull(cache.get("k"));
    assertEquals(List.of("k=v"), ExpiredRecorder.SEEN);
  }

  @Test
  public void anEntryPastTheCapIsReportedOnceByTheWriteThatReclaimsIt() {
    ExpiredRecorder.SEEN.clear();
    Cache<String, String> cache = cacheWith(ExpiredRecorder.class, Duration.ETERNAL);
    cache.put("a", "1");
    ticker.advanceSeconds(11);
    assertNull(cache.get("a")); // invisible at once, not yet reclaimed
    cache.put("b", "2"); // reclaims a
    cache.put("c", "3");
    assertEquals(List.of("a=1"), ExpiredRecorder.SEEN);
  }

  @Test
  public void clearReportsNoEntryPastTheCap() {
    ExpiredRecorder.SEEN.clear();
    Cache<String, String> cache = cacheWith(ExpiredRecorder.class, Duration.ETERNAL);
    cache.put("a", "1");
    ticker.advanceSeconds(11);
    cache.clear(); // reclaims a, which JCache's clear does not report
    cache.put("b", "2");
    assertEquals(List.of(), ExpiredRecorder.SEEN);
  }

  @Test
  public void aSynchronousListenerFailingOnACapExpiryFailsTheWriteThatReclaimedTheEntry() {
    Cache<String, String> cache = cacheWith(FailingExpiredListener.class, Duration.ETERNAL);
    cache.put("a", "1");
    ticker.advanceSeconds(11);
    try {
      cache.put("b", "2"); // reclaims a
      fail("the listener's failure was not reported to the caller");
    } catch (CacheEntryListenerException expected) {
      // the EXPIRED event of a is one of the put's events
    }
    assertEquals("2", cache.get("b"));
  }
}
