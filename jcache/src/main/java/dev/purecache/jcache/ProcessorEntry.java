package dev.purecache.jcache;

import java.util.function.Consumer;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;

/**
 * The entry an {@link EntryProcessor} sees, under its key's lock: the value when the processor
 * started (a copy when the cache stores by value), read through on a first {@link #getValue} of
 * an absent entry. It records the processor's net change, which the cache applies once the
 * processor returns: a read (an access), a load, a new value, or a removal.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

  /** The net change a processor made to its entry. */
  enum Change {
    /** None: nothing to apply. */
    NONE,
    /** The value of an existing entry was read: an access. */
    READ,
    /** The value of an absent entry was loaded: store it, as a load. */
    LOADED,
    /** A value was set: write it through and store it, as a put. */
    SET,
    /** The entry was removed: delete it through and remove it. */
    REMOVE
  }

  private final K key;
  private final boolean existed;
  private final CacheIntegration<K, V> integration;
  private final Consumer<? super V> valueCheck;
  private V value;
  private Change change = Change.NONE;
  private boolean read;

  /**
   * The entry of {@code key}, whose value is {@code value} (null if absent); {@code valueCheck}
   * throws for a value the processor may not set.
   */
  ProcessorEntry(
      K key, V value, CacheIntegration<K, V> integration, Consumer<? super V> valueCheck) {
    this.key = key;
    this.value = value;
    this.existed = value != null;
    this.integration = integration;
    this.valueCheck = valueCheck;
  }

  /** The net change the processor made. */
  Change change() {
    return change;
  }

  /** The value to store for a {@link Change#LOADED} or {@link Change#SET} change. */
  V value() {
    return value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (!read && change == Change.NONE) {
      read = true;
      if (value != null) {
        change = Change.READ;
      } else if (integration.readsThrough()) {
        V loaded = integration.load(key);
        if (loaded != null) {
          value = loaded;
          change = Change.LOADED;
        }
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void remove() {
    // a remove after a setValue of an absent entry undoes it; otherwise the writer deletes
    change = !existed && change == Change.SET ? Change.NONE : Change.REMOVE;
    value = null;
  }

  @Override
  public void setValue(V newValue) {
    valueCheck.accept(newValue);
    value = newValue;
    change = Change.SET;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    return PureJCache.cast(this, clazz, "cannot unwrap an entry to ");
  }
}
