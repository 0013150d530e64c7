package dev.purecache.jcache;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * A JCache entry event. For removed and expired entries {@link #getValue()} is the value the
 * entry had; {@link #getOldValue()} is the previous value when the listener asked for old values.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class PureEntryEvent<K, V> extends CacheEntryEvent<K, V> {
  private static final long serialVersionUID = 1L;

  private final K key;
  private final V value;
  private final V oldValue;
  private final boolean oldValueAvailable;

  PureEntryEvent(
      Cache<K, V> source, EventType type, K key, V value, V oldValue, boolean oldValueAvailable) {
    super(source, type);
    this.key = key;
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValueAvailable;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public V getOldValue() {
    return oldValueAvailable ? oldValue : null;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap an event to " + clazz.getName());
  }
}
