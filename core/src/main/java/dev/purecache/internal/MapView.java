package dev.purecache.internal;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The live {@link ConcurrentMap} view of a {@link StripedCache} (see {@link
 * dev.purecache.Cache#asMap()} for the contract).
 *
 * <h2>Implementation overview</h2>
 *
 * Plain reads and writes are the cache's own ({@code get}, {@code put}, {@code remove}, {@code
 * clear}, {@code size}); {@code computeIfAbsent} is the cache's single-flight load. Every other
 * atomic operation is an update of {@link Computes} with a function of this class (or the
 * caller's), which compares values with {@code equals} with no lock held; {@code putIfAbsent},
 * {@code replace}, {@code computeIfPresent} and the conditional {@code remove} first answer from
 * a lock-free read when that read alone decides them. Iteration walks the cache's mappings
 * weakly consistently and shows each key only with the live value a lock-free read returns for
 * it at that moment, so it never shows an expired entry, never blocks and never throws {@link
 * java.util.ConcurrentModificationException}; iteration records no hits.
 */
final class MapView<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {
  private final StripedCache<K, V> cache;
  private final Computes<K, V> computes;
  private final Set<K> keySet = new KeySet();
  private final Collection<V> values = new Values();
  private final Set<Map.Entry<K, V>> entrySet = new EntrySet();

  MapView(StripedCache<K, V> cache, Computes<K, V> computes) {
    this.cache = cache;
    this.computes = computes;
  }

  // ---------------------------------------------------------------- the cache's own operations

  @SuppressWarnings("unchecked")
  @Override
  public V get(Object key) {
    return cache.get((K) Objects.requireNonNull(key, "key"));
  }

  @SuppressWarnings("unchecked")
  @Override
  public boolean containsKey(Object key) {
    return cache.containsKey((K) Objects.requireNonNull(key, "key"));
  }

  @Override
  public V put(K key, V value) {
    return cache.write(key, value);
  }

  @SuppressWarnings("unchecked")
  @Override
  public V remove(Object key) {
    return cache.remove((K) Objects.requireNonNull(key, "key"));
  }

  @Override
  public void clear() {
    cache.clear();
  }

  @Override
  public int size() {
    return cache.size();
  }

  @Override
  public boolean isEmpty() {
    return cache.size() == 0;
  }

  @Override
  public boolean containsValue(Object value) {
    Objects.requireNonNull(value, "value");
    for (Iterator<V> i = values.iterator(); i.hasNext(); ) {
      if (value.equals(i.next())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
    return cache.computeIfAbsent(key, mappingFunction);
  }

  // ---------------------------------------------------------------- atomic updates

  @Override
  public V putIfAbsent(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    V present = cache.peek(key);
    if (present != null) {
      return present;
    }
    Before<V> before = new Before<>();
    computes.update(key, (k, current) -> before.saw(current) != null ? current : value);
    return before.value;
  }

  @Override
  public V replace(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Before<V> before = new Before<>();
    computes.update(key, (k, current) -> before.saw(current) == null ? null : value);
    return before.value;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
    if (!oldValue.equals(cache.peek(key))) {
      return false;
    }
    Before<V> before = new Before<>();
    computes.update(key, (k, current) -> before.matches(current, oldValue) ? newValue : current);
    return before.matched;
  }

  @SuppressWarnings("unchecked")
  @Override
  public boolean remove(Object key, Object value) {
    Objects.requireNonNull(key, "key");
    if (value == null || !value.equals(cache.peek(key))) {
      return false;
    }
    Before<V> before = new Before<>();
    computes.update((K) key, (k, current) -> before.matches(current, value) ? null : current);
    return before.matched;
  }

  @Override
  public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(remappingFunction, "remappingFunction");
    return computes.update(key, remappingFunction);
  }

  @Override
  public V computeIfPresent(
      K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(remappingFunction, "remappingFunction");
    if (cache.peek(key) == null) {
      return null;
    }
    return computes.update(
        key, (k, current) -> current == null ? null : remappingFunction.apply(k, current));
  }

  @Override
  public V merge(
      K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(remappingFunction, "remappingFunction");
    return computes.update(
        key, (k, current) -> current == null ? value : remappingFunction.apply(current, value));
  }

  /** What an update's function saw, for the operations that return it (its last run's). */
  private static final class Before<V> {
    V value;
    boolean matched;

    V saw(V current) {
      value = current;
      return current;
    }

    boolean matches(V current, Object expected) {
      value = current;
      matched = current != null && expected.equals(current);
      return matched;
    }
  }

  // ---------------------------------------------------------------- views

  @Override
  public Set<K> keySet() {
    return keySet;
  }

  @Override
  public Collection<V> values() {
    return values;
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return entrySet;
  }

  /**
   * Walks the cache's mappings weakly consistently, yielding each live one; {@code remove}
   * removes the key of the last one yielded.
   */
  private abstract class Walk<T> implements Iterator<T> {
    private final Iterator<Node<K, V>> nodes = cache.nodes();
    private K nextKey;
    private V nextValue;
    private K lastKey;

    @Override
    public boolean hasNext() {
      while (nextValue == null && nodes.hasNext()) {
        K key = nodes.next().key;
        nextValue = cache.peek(key);
        nextKey = key;
      }
      return nextValue != null;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      K key = nextKey;
      V value = nextValue;
      nextKey = null;
      nextValue = null;
      lastKey = key;
      return element(key, value);
    }

    abstract T element(K key, V value);

    @Override
    public void remove() {
      if (lastKey == null) {
        throw new IllegalStateException("next() was not called, or remove() was called already");
      }
      cache.remove(lastKey);
      lastKey = null;
    }
  }

  /** An entry whose {@code setValue} puts the value into the cache. */
  private final class WriteThroughEntry extends AbstractMap.SimpleEntry<K, V> {
    private static final long serialVersionUID = 1L;

    WriteThroughEntry(K key, V value) {
      super(key, value);
    }

    @Override
    public V setValue(V value) {
      cache.write(getKey(), Objects.requireNonNull(value, "value"));
      return super.setValue(value);
    }
  }

  private final class KeySet extends AbstractSet<K> {
    @Override
    public Iterator<K> iterator() {
      return new Walk<>() {
        @Override
        K element(K key, V value) {
          return key;
        }
      };
    }

    @Override
    public int size() {
      return MapView.this.size();
    }

    @Override
    public boolean isEmpty() {
      return MapView.this.isEmpty();
    }

    @Override
    public boolean contains(Object key) {
      return containsKey(key);
    }

    @Override
    public boolean remove(Object key) {
      return MapView.this.remove(key) != null;
    }

    @Override
    public void clear() {
      MapView.this.clear();
    }
  }

  private final class Values extends AbstractCollection<V> {
    @Override
    public Iterator<V> iterator() {
      return new Walk<>() {
        @Override
        V element(K key, V value) {
          return value;
        }
      };
    }

    @Override
    public int size() {
      return MapView.this.size();
    }

    @Override
    public boolean isEmpty() {
      return MapView.this.isEmpty();
    }

    @Override
    public boolean contains(Object value) {
      return containsValue(value);
    }

    @Override
    public void clear() {
      MapView.this.clear();
    }
  }

  private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
      return new Walk<>() {
        @Override
        Map.Entry<K, V> element(K key, V value) {
          return new WriteThroughEntry(key, value);
        }
      };
    }

    @Override
    public int size() {
      return MapView.this.size();
    }

    @Override
    public boolean isEmpty() {
      return MapView.this.isEmpty();
    }

    @Override
    public boolean contains(Object o) {
      if (!(o instanceof Map.Entry<?, ?> entry) || entry.getKey() == null) {
        return false;
      }
      V value = cache.peek(entry.getKey());
      return value != null && value.equals(entry.getValue());
    }

    @Override
    public boolean remove(Object o) {
      return o instanceof Map.Entry<?, ?> entry
          && entry.getKey() != null
          && MapView.this.remove(entry.getKey(), entry.getValue());
    }

    @Override
    public void clear() {
      MapView.this.clear();
    }
  }
}
