package dev.purecache.redis;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The {@link ConcurrentMap} view of a near cache ({@link RedisNearCache#asMap()}, which documents
 * what each method does).
 *
 * <p>Implementation overview. Every write is one Redis command or script run through {@link
 * NearCache#write}, which holds the key's write lock across the command and the local update:
 * {@code put} is {@code SET ... GET}, {@code putIfAbsent} {@code SET ... NX GET}, {@code
 * replace(k, v)} {@code SET ... XX GET}, {@code replace(k, old, new)} and {@code remove(k, v)}
 * compare-and-set and compare-and-delete scripts on the encoded bytes. {@code compute}, {@code
 * computeIfPresent} and {@code merge} read Redis (never the local tier), run the function with no
 * lock held, and write with one of those conditional commands, from the start again if another
 * writer came in between. Reads and iteration are the near cache's own.
 */
final class NearMapView<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {
  private final NearCache<K, V> cache;
  private final Set<Map.Entry<K, V>> entrySet = new EntrySet();

  NearMapView(NearCache<K, V> cache) {
    this.cache = cache;
  }

  // ---- the near cache's own operations ----

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

  @SuppressWarnings("unchecked")
  @Override
  public V remove(Object key) {
    return cache.remove((K) Objects.requireNonNull(key, "key"));
  }

  @Override
  public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
    return cache.computeIfAbsent(key, mappingFunction);
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
  public void clear() {
    cache.clear();
  }

  // ---- writes: one Redis command each ----

  @Override
  public V put(K key, V value) {
    Write<K, V> w = write(key, value);
    return cache.decodeOrNull(
        cache.write(key, w.dataKey, () -> cache.redis().setGet(w.dataKey, w.encoded),
            old -> true, value));
  }

  @Override
  public V putIfAbsent(K key, V value) {
    Write<K, V> w = write(key, value);
    return cache.decodeOrNull(
        cache.write(key, w.dataKey, () -> cache.redis().setIfAbsentGet(w.dataKey, w.encoded),
            Objects::isNull, value));
  }

  @Override
  public V replace(K key, V value) {
    Write<K, V> w = write(key, value);
    return cache.decodeOrNull(
        cache.write(key, w.dataKey, () -> cache.redis().setIfPresentGet(w.dataKey, w.encoded),
            Objects::nonNull, value));
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    Objects.requireNonNull(oldValue, "oldValue");
    Write<K, V> w = write(key, newValue);
    byte[] expected = cache.valueCodec().encode(oldValue);
    return cache.write(key, w.dataKey,
        () -> cache.redis().compareAndSet(w.dataKey, expected, w.encoded), done -> done,
        newValue);
  }

  @SuppressWarnings("unchecked")
  @Override
  public boolean remove(Object key, Object value) {
    Objects.requireNonNull(key, "key");
    if (value == null) {
      return false;
    }
    cache.checkOpen();
    K k = (K) key;
    byte[] dataKey = cache.redis().dataKey(cache.keyCodec().encode(k));
    byte[] expected = cache.valueCodec().encode((V) value);
    return cache.write(k, dataKey, () -> cache.redis().compareAndDelete(dataKey, expected),
        done -> done, null);
  }

  // ---- updates: read Redis, apply, write conditionally, retry on a conflict ----

  @Override
  public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
    Objects.requireNonNull(remapping, "remappingFunction");
    return update(key, false, old -> remapping.apply(key, old));
  }

  @Override
  public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remapping) {
    Objects.requireNonNull(remapping, "remappingFunction");
    return update(key, true, old -> remapping.apply(key, old));
  }

  @Override
  public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(remapping, "remappingFunction");
    return update(key, false, old -> old == null ? value : remapping.apply(old, value));
  }

  /**
   * Reads the key's value in Redis, applies {@code function} to it (null: absent) and writes
   * the result only if Redis still holds what was read; otherwise starts again. A null result
   * deletes the key; the same instance as the value read writes nothing.
   */
  private V update(K key, boolean onlyIfPresent, UnaryOperator<V> function) {
    Objects.requireNonNull(key, "key");
    cache.checkOpen();
    RedisTier redis = cache.redis();
    byte[] dataKey = redis.dataKey(cache.keyCodec().encode(key));
    while (true) {
      byte[] raw = redis.get(dataKey);
      if (raw == null && onlyIfPresent) {
        return null;
      }
      V old = cache.decodeOrNull(raw);
      V next = function.apply(old);
      if (next == null) {
        if (raw == null || cache.write(key, dataKey,
            () -> redis.compareAndDelete(dataKey, raw), done -> done, null)) {
          return null;
        }
      } else if (next == old) {
        return old;
      } else {
        byte[] encoded = cache.valueCodec().encode(next);
        boolean written = raw == null
            ? cache.write(key, dataKey, () -> redis.setIfAbsentGet(dataKey, encoded),
                Objects::isNull, next) == null
            : cache.write(key, dataKey, () -> redis.compareAndSet(dataKey, raw, encoded),
                done -> done, next);
        if (written) {
          return next;
        }
      }
    }
  }

  private record Write<K, V>(byte[] dataKey, byte[] encoded) {}

  private Write<K, V> write(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    cache.checkOpen();
    return new Write<>(
        cache.redis().dataKey(cache.keyCodec().encode(key)), cache.valueCodec().encode(value));
  }

  // ---- views of the local tier ----

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return entrySet;
  }

  private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
      Iterator<Map.Entry<K, V>> local = cache.localTier().asMap().entrySet().iterator();
      return new Iterator<>() {
        private K last;

        @Override
        public boolean hasNext() {
          return local.hasNext();
        }

        @Override
        public Map.Entry<K, V> next() {
          if (!local.hasNext()) {
            throw new NoSuchElementException();
          }
          Map.Entry<K, V> entry = local.next();
          last = entry.getKey();
          return new WriteThroughEntry(entry.getKey(), entry.getValue());
        }

        @Override
        public void remove() {
          if (last == null) {
            throw new IllegalStateException("next() was not called, or remove() was already");
          }
          cache.remove(last);
          last = null;
        }
      };
    }

    @Override
    public int size() {
      return cache.size();
    }

    @Override
    public void clear() {
      cache.clear();
    }
  }

  /** An entry whose {@code setValue} puts the value through the near cache. */
  private final class WriteThroughEntry extends AbstractMap.SimpleEntry<K, V> {
    private static final long serialVersionUID = 1L;

    WriteThroughEntry(K key, V value) {
      super(key, value);
    }

    @Override
    public V setValue(V value) {
      NearMapView.this.put(getKey(), value);
      return super.setValue(value);
    }
  }
}
