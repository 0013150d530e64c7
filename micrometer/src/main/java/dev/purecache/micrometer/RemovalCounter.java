package dev.purecache.micrometer;

import dev.purecache.RemovalCause;
import dev.purecache.RemovalListener;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link RemovalListener} that counts removals by {@link RemovalCause} and passes each one on
 * to an optional delegate. Give it to {@code CacheBuilder.removalListener} and to {@link
 * PurecacheMetrics} so the binder can publish {@code cache.removals} tagged by cause (the core's
 * statistics only count evictions in total).
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class RemovalCounter<K, V> implements RemovalListener<K, V> {
  private final Map<RemovalCause, LongAdder> counts = new EnumMap<>(RemovalCause.class);
  private final RemovalListener<? super K, ? super V> delegate;

  private RemovalCounter(RemovalListener<? super K, ? super V> delegate) {
    for (RemovalCause cause : RemovalCause.values()) {
      counts.put(cause, new LongAdder());
    }
    this.delegate = delegate;
  }

  /**
   * Returns a counter with no delegate.
   *
   * @param <K> the key type
   * @param <V> the value type
   * @return a new counter, all counts zero
   */
  public static <K, V> RemovalCounter<K, V> create() {
    return new RemovalCounter<>(null);
  }

  /**
   * Returns a counter that passes each removal on to {@code delegate} after counting it.
   *
   * @param delegate the listener the application would have installed
   * @param <K> the key type
   * @param <V> the value type
   * @return a new counter, all counts zero
   * @throws NullPointerException if {@code delegate} is null
   */
  public static <K, V> RemovalCounter<K, V> wrapping(
      RemovalListener<? super K, ? super V> delegate) {
    if (delegate == null) {
      throw new NullPointerException("delegate");
    }
    return new RemovalCounter<>(delegate);
  }

  @Override
  public void onRemoval(K key, V value, RemovalCause cause) {
    counts.get(cause).increment();
    if (delegate != null) {
      delegate.onRemoval(key, value, cause);
    }
  }

  /**
   * Returns how many removals with this cause were seen so far.
   *
   * @param cause the cause
   * @return the count
   */
  public long count(RemovalCause cause) {
    return counts.get(cause).sum();
  }
}
