package dev.purecache.examples.quickstart;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.CacheStats;
import dev.purecache.LfuCache;
import dev.purecache.LruCache;
import dev.purecache.Policy;
import dev.purecache.RemovalCause;
import dev.purecache.Ticker;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tour of purecache: each backend evicting, then 10,000 virtual threads loading 100 keys of a
 * slow "database" through {@code computeIfAbsent}.
 */
public final class QuickStart {
  private QuickStart() {}

  /**
   * Runs the tour.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    lru();
    lfu();
    ttlAndLruTtl();
    stampede();
  }

  private static void lru() {
    Cache<String, Integer> cache =
        CacheBuilder.newBuilder()
            .capacity(3)
            .removalListener((String k, Integer v, RemovalCause cause) -> report(k, cause))
            .build();
    System.out.println("LRU, capacity 3: put a, b, c; get a; put d");
    cache.put("a", 1);
    cache.put("b", 2);
    cache.put("c", 3);
    cache.get("a");
    cache.put("d", 4);
    System.out.println("  b present? " + cache.containsKey("b") + "; size " + cache.size());
    LruCache<String, Integer> direct = new LruCache<>(32);
    System.out.println("  a directly built LRU: " + direct);
  }

  private static void lfu() {
    Cache<Integer, String> cache =
        CacheBuilder.newBuilder()
            .policy(Policy.LFU)
            .capacity(2)
            .removalListener((Integer k, String v, RemovalCause cause) -> report(k, cause))
            .build();
    System.out.println("LFU, capacity 2: put 1, put 2, get 1, put 3; get 3, put 4");
    cache.put(1, "one");
    cache.put(2, "two");
    cache.get(1);
    cache.put(3, "three");
    cache.get(3);
    cache.put(4, "four");
    System.out.println("  left: 3=" + cache.get(3) + ", 4=" + cache.get(4));
    System.out.println("  " + new LfuCache<Integer, String>(2));
  }

  private static void ttlAndLruTtl() {
    AtomicLong nanos = new AtomicLong();
    Ticker clock = nanos::get; // a hand-moved clock, so the demo never sleeps
    Cache<String, String> sessions =
        CacheBuilder.newBuilder()
            .policy(Policy.TTL)
            .ttl(Duration.ofMinutes(30))
            .ticker(clock)
            .removalListener((String k, String v, RemovalCause cause) -> report(k, cause))
            .build();
    System.out.println("TTL 30 min: put s1; 29 min later put s2; 1 more minute");
    sessions.put("s1", "alice");
    nanos.addAndGet(Duration.ofMinutes(29).toNanos());
    sessions.put("s2", "bob");
    nanos.addAndGet(Duration.ofMinutes(1).toNanos());
    System.out.println("  s1=" + sessions.get("s1") + ", s2=" + sessions.get("s2"));
    sessions.cleanUp();

    Cache<String, String> users =
        CacheBuilder.newBuilder()
            .capacity(2)
            .ttl(Duration.ofMinutes(5))
            .ticker(clock)
            .removalListener((String k, String v, RemovalCause cause) -> report(k, cause))
            .build();
    System.out.println("LRU+TTL, capacity 2, ttl 5 min: put u1; 5 min later put u2, u3");
    users.put("u1", "old");
    nanos.addAndGet(Duration.ofMinutes(5).toNanos());
    users.put("u2", "x");
    users.put("u3", "y");
    System.out.println("  size " + users.size() + " (the expired u1 went first, no live entry evicted)");
  }

  private static void stampede() {
    AtomicInteger databaseCalls = new AtomicInteger();
    Cache<Integer, String> cache =
        CacheBuilder.newBuilder().capacity(1_000).ttl(Duration.ofMinutes(5)).recordStats().build();
    System.out.println(
        "Stampede: 10,000 virtual threads call computeIfAbsent on 100 keys of a 50 ms database");
    long start = System.nanoTime();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 10_000; i++) {
        int key = i % 100;
        executor.submit(
            () ->
                cache.computeIfAbsent(
                    key,
                    k -> {
                      databaseCalls.incrementAndGet();
                      sleep(Duration.ofMillis(50));
                      return "row-" + k;
                    }));
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    CacheStats stats = cache.stats();
    System.out.println("  loads = " + databaseCalls.get() + " (one per key)");
    System.out.println("  wall time = " + millis + " ms");
    System.out.println(
        "  stats: hits="
            + stats.hitCount()
            + " misses="
            + stats.missCount()
            + " loads="
            + stats.loadSuccessCount()
            + " failures="
            + stats.loadFailureCount()
            + String.format(" avg load=%.1f ms", stats.averageLoadPenalty() / 1e6));
    System.out.println("  cache: " + cache + ", size " + cache.size());
  }

  private static void report(Object key, RemovalCause cause) {
    System.out.println("  removed " + key + " (" + cause + ")");
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
