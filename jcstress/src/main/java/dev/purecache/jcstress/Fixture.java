package dev.purecache.jcstress;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.Policy;
import dev.purecache.RemovalCause;
import dev.purecache.Ticker;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One cache under test with everything a jcstress test observes: a time source that moves only
 * when told ({@link #setTime(long)}), and a removal log that records every (key, value, cause)
 * the listener is told of. The listener runs on the thread of the operation that removed the
 * entry, before that operation returns, so the arbiter sees every removal of the actors.
 */
public final class Fixture {
  /** The time to live of expiring caches, in nanoseconds of the fixture's ticker. */
  public static final long TTL_NANOS = 10;

  /** One removal the listener was told of. */
  public record Removal(Object key, Object value, RemovalCause cause) {}

  private final AtomicLong now = new AtomicLong();
  private final ConcurrentLinkedQueue<Removal> removals = new ConcurrentLinkedQueue<>();

  /** The cache under test. */
  public final Cache<Object, Object> cache;

  private Fixture(Policy policy, int capacity, boolean expires) {
    Ticker ticker = now::get;
    CacheBuilder<Object, Object> builder =
        CacheBuilder.newBuilder()
            .policy(policy)
            .ticker(ticker)
            .removalListener(
                (Object k, Object v, RemovalCause c) -> removals.add(new Removal(k, v, c)));
    if (capacity > 0) {
      builder.capacity(capacity);
    }
    if (expires) {
      builder.ttl(Duration.ofNanos(TTL_NANOS));
    }
    this.cache = builder.build();
  }

  /**
   * Builds a cache of one policy, with the fixture's ticker and listener; TTL and LRU+TTL caches
   * get a time to live of {@link #TTL_NANOS}.
   *
   * @param policy the policy
   * @param capacity the capacity, or 0 for none (TTL only)
   * @return the fixture
   */
  public static Fixture of(Policy policy, int capacity) {
    return new Fixture(policy, capacity, policy == Policy.TTL || policy == Policy.LRU_TTL);
  }

  /**
   * Builds a cache of one policy with a time to live of {@link #TTL_NANOS}, the fixture's ticker
   * and listener (for ADAPTIVE, whose time to live is optional).
   *
   * @param policy the policy
   * @param capacity the capacity
   * @return the fixture
   */
  public static Fixture expiring(Policy policy, int capacity) {
    return new Fixture(policy, capacity, true);
  }

  /**
   * Sets the time seen by the cache.
   *
   * @param nanos the new reading
   */
  public void setTime(long nanos) {
    now.set(nanos);
  }

  /**
   * Returns the time seen by the cache.
   *
   * @return the current reading
   */
  public long time() {
    return now.get();
  }

  /**
   * Counts the removals reported for {@code key} with {@code cause}.
   *
   * @param key the key
   * @param cause the cause
   * @return how many were reported
   */
  public int count(Object key, RemovalCause cause) {
    int n = 0;
    for (Removal r : removals) {
      if (r.key().equals(key) && r.cause() == cause) {
        n++;
      }
    }
    return n;
  }

  /**
   * Counts the removals reported with {@code cause}, whatever the key.
   *
   * @param cause the cause
   * @return how many were reported
   */
  public int count(RemovalCause cause) {
    int n = 0;
    for (Removal r : removals) {
      if (r.cause() == cause) {
        n++;
      }
    }
    return n;
  }

  /**
   * Counts the removals reported for {@code key}, whatever the cause.
   *
   * @param key the key
   * @return how many were reported
   */
  public int count(Object key) {
    int n = 0;
    for (Removal r : removals) {
      if (r.key().equals(key)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Returns the only removal reported with {@code cause}, or null if there were none or several.
   *
   * @param cause the cause
   * @return the removal, or null
   */
  public Removal only(RemovalCause cause) {
    Removal found = null;
    for (Removal r : removals) {
      if (r.cause() == cause) {
        if (found != null) {
          return null;
        }
        found = r;
      }
    }
    return found;
  }

  /**
   * Counts the removals reported of {@code value} with {@code cause}, whatever the key.
   *
   * @param value the removed value
   * @param cause the cause
   * @return how many were reported
   */
  public int countValue(Object value, RemovalCause cause) {
    int n = 0;
    for (Removal r : removals) {
      if (r.value().equals(value) && r.cause() == cause) {
        n++;
      }
    }
    return n;
  }
}
