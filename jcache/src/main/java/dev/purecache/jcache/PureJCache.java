package dev.purecache.jcache;

import dev.purecache.jcache.management.PureCacheMXBean;
import dev.purecache.jcache.EntryListeners.Events;
import dev.purecache.jcache.EntryStore.Expirable;
import dev.purecache.jcache.management.PureCacheStatistics;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.event.EventType;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache {@link Cache} over a purecache {@link dev.purecache.Cache}.
 *
 * <h2>Implementation overview</h2>
 *
 * Entries live in a purecache cache (policy LRU, or LRU+TTL with {@link
 * PureConfiguration#setTimeToLive}), the {@link EntryStore}, as {@link Expirable}s: the stored
 * value (a copy when the cache stores by value) plus the JCache expiry deadline, which the
 * per-entry {@link ExpiryPolicy} sets on creation, update and access. purecache enforces the
 * size bound (and its own TTL); this layer enforces JCache expiry lazily: an expired entry is
 * removed, with an EXPIRED event, by the first operation that finds it.
 *
 * <p>JCache's compound operations (putIfAbsent, replace, invoke...) are made atomic per key by a
 * striped {@link ReentrantLock} held around each operation; the loader and writer run under it,
 * so a key's loads and writes are serialised. Listeners are called after the lock is released,
 * on the calling thread, in operation order (asynchronous listeners too: JCache allows it).
 *
 * <p>purecache offers no iteration: the store's key index serves {@link #iterator()}, {@link
 * #removeAll()} and {@link #containsKey}.
 *
 * <p>Its other parts: {@link ExpiryDeadlines} turns the expiry policy into deadlines, {@link
 * EntryListeners} holds the listeners and delivers each operation's events, {@link
 * CacheIntegration} applies JCache's rules to the loader and the writer, and {@link
 * ProcessorEntry} is the entry an entry processor sees.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class PureJCache<K, V> implements Cache<K, V> {
  private static final int LOCKS = 64;

  private final PureCacheManager manager;
  private final String name;
  /**
   * The configuration as created, then changed only under {@link #configLock} (listeners and the
   * management flag). Its statistics flag is read once, at creation: from then on {@link
   * PureCacheStatistics#isEnabled} is the flag.
   */
  private final PureConfiguration<K, V> config;

  private final ReentrantLock configLock = new ReentrantLock();
  private final EntryStore<K, V> store;
  private final ReentrantLock[] locks = new ReentrantLock[LOCKS];
  private final ExpiryDeadlines expiry;
  private final CacheIntegration<K, V> integration;
  private final Copier copier;
  private final dev.purecache.Ticker ticker;
  private final PureCacheStatistics statistics = new PureCacheStatistics();
  private final PureCacheMXBean mxBean;
  private final EntryListeners<K, V> listeners;
  private final MutableConfigurationView configurationView = new MutableConfigurationView();
  private volatile boolean closed;

  PureJCache(PureCacheManager manager, String name, PureConfiguration<K, V> config) {
    this.manager = manager;
    this.name = name;
    this.config = config;
    this.ticker = config.getTicker();
    for (int i = 0; i < LOCKS; i++) {
      locks[i] = new ReentrantLock();
    }
    this.expiry = new ExpiryDeadlines(config.getExpiryPolicyFactory());
    this.integration = new CacheIntegration<>(config);
    this.copier = config.isStoreByValue() ? new Copier(manager.getClassLoader()) : null;
    this.mxBean = new PureCacheMXBean(this::snapshot);
    this.statistics.setEnabled(config.isStatisticsEnabled());
    this.store = new EntryStore<>(config, statistics);
    this.listeners = new EntryListeners<>(this, config.getCacheEntryListenerConfigurations());
  }

  // ------------------------------------------------------------------ plumbing

  MutableConfigurationView configuration() {
    return configurationView;
  }

  /** The configuration as the manager changes it (statistics and management flags). */
  final class MutableConfigurationView {
    boolean isManagementEnabled() {
      return withConfig(config::isManagementEnabled);
    }

    boolean isStatisticsEnabled() {
      return statistics.isEnabled();
    }

    void setManagementEnabled(boolean enabled) {
      withConfig(() -> config.setManagementEnabled(enabled));
    }

    void setStatisticsEnabled(boolean enabled) {
      statistics.setEnabled(enabled);
    }

    Class<K> getKeyType() {
      return config.getKeyType();
    }

    Class<V> getValueType() {
      return config.getValueType();
    }
  }

  /** Runs {@code body} on {@link #config} under {@link #configLock}. */
  private <T> T withConfig(Supplier<T> body) {
    configLock.lock();
    try {
      return body.get();
    } finally {
      configLock.unlock();
    }
  }

  /** A copy of the configuration as it is now, which its receiver may change freely. */
  private PureConfiguration<K, V> snapshot() {
    PureConfiguration<K, V> copy = withConfig(() -> new PureConfiguration<>(config));
    copy.setStatisticsEnabled(statistics.isEnabled());
    return copy;
  }

  PureCacheMXBean mxBean() {
    return mxBean;
  }

  PureCacheStatistics statistics() {
    return statistics;
  }

  private ReentrantLock lockOf(Object key) {
    int h = key.hashCode();
    h ^= h >>> 16;
    return locks[h & (LOCKS - 1)];
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("cache " + name + " is closed");
    }
  }

  private void checkKey(K key) {
    Objects.requireNonNull(key, "key");
    if (config.getKeyType() != Object.class && !config.getKeyType().isInstance(key)) {
      throw new ClassCastException("key " + key + " is not a " + config.getKeyType().getName());
    }
  }

  private void checkValue(V value) {
    Objects.requireNonNull(value, "value");
    if (config.getValueType() != Object.class && !config.getValueType().isInstance(value)) {
      throw new ClassCastException(
          "value " + value + " is not a " + config.getValueType().getName());
    }
  }

  /** {@code object} as stored or returned: a copy if the cache stores by value. */
  <T> T copy(T object) {
    return copier == null ? object : copier.copy(object);
  }

  private long now() {
    return ticker.read();
  }

  /**
   * Under the key's lock: the live entry of {@code key}, or null; one past its JCache expiry is
   * removed and reported as EXPIRED (by the store instead, if the time-to-live cap passes just
   * before the removal).
   */
  private Expirable<V> live(Object key, long now, Events<K, V> events) {
    Expirable<V> e = store.get(key);
    if (e == null) {
      return null;
    }
    if (e.expireAt <= now) {
      if (store.remove(key, events) != null) {
        events.add(EventType.EXPIRED, key, e.value, e.value);
      }
      return null;
    }
    return e;
  }

  private void touch(Expirable<V> e, long now) {
    e.expireAt = expiry.forAccess(now, e.expireAt);
  }

  /** Under the key's lock: stores a new entry with the creation expiry; false if born expired. */
  private boolean create(Object key, V stored, long now, Events<K, V> events) {
    long at = expiry.forCreation(now);
    if (at <= now) {
      return false;
    }
    store.put(key, new Expirable<>(stored, at), events);
    events.add(EventType.CREATED, key, stored, null);
    return true;
  }

  /** Under the key's lock: replaces a live entry, with the update expiry. */
  private void update(Object key, Expirable<V> old, V stored, long now, Events<K, V> events) {
    store.put(key, new Expirable<>(stored, expiry.forUpdate(now, old.expireAt)), events);
    events.add(EventType.UPDATED, key, stored, old.value);
  }

  /** Under the key's lock: removes a live entry. */
  private void delete(Object key, Expirable<V> old, Events<K, V> events) {
    store.remove(key, events);
    events.add(EventType.REMOVED, key, old.value, old.value);
  }

  private V out(Expirable<V> e) {
    return e == null ? null : copy(e.value);
  }

  /** Runs {@code body} under the lock of {@code key}. */
  private <T> T locked(Object key, Supplier<T> body) {
    ReentrantLock lock = lockOf(key);
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code body} under the lock of {@code key} with the events of one operation, and
   * dispatches them once the lock is released.
   */
  private <T> T atomically(Object key, Function<Events<K, V>, T> body) {
    Events<K, V> events = listeners.newEvents();
    T result = locked(key, () -> body.apply(events));
    listeners.dispatch(events);
    return result;
  }

  /** Checks a single-key read or removal and returns its start time. */
  private long startRead(Object key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    return now();
  }

  /** Checks a single-key write and returns its start time. */
  private long startWrite(K key, V value) {
    checkOpen();
    checkKey(key);
    checkValue(value);
    return now();
  }

  private void hitOrMiss(boolean hit) {
    if (hit) {
      statistics.hits(1);
    } else {
      statistics.misses(1);
    }
  }

  /** Records the time since {@code start} as a get and, if {@code changed}, with {@code also}. */
  private void getTimeAnd(long start, boolean changed, LongConsumer also) {
    long took = now() - start;
    statistics.getTime(took);
    if (changed) {
      also.accept(took);
    }
  }

  /** Under the key's lock: the live entry of {@code key}, counted as a hit and accessed; or null. */
  private Expirable<V> hit(Object key, long now, Events<K, V> events) {
    Expirable<V> e = live(key, now, events);
    if (e != null) {
      statistics.hits(1);
      touch(e, now);
    }
    return e;
  }

  /**
   * Under the key's lock: the live entry of {@code key} if its value equals {@code expected}, or
   * null; counts a hit or a miss, and a mismatch as an access.
   */
  private Expirable<V> matching(Object key, V expected, long now, Events<K, V> events) {
    Expirable<V> e = live(key, now, events);
    hitOrMiss(e != null);
    if (e == null || e.value.equals(expected)) {
      return e;
    }
    touch(e, now);
    return null;
  }

  /** Under the key's lock: stores {@code value} over the live entry {@code e} (or none), as a put. */
  private void set(K key, Expirable<V> e, V value, long now, Events<K, V> events) {
    if (e == null) {
      if (create(copy(key), copy(value), now, events)) {
        statistics.puts(1);
      }
    } else {
      update(key, e, copy(value), now, events);
      statistics.puts(1);
    }
  }

  /** Under the key's lock: writes through and replaces the live entry {@code e}, as a put. */
  private void replaceLive(K key, Expirable<V> e, V value, long now, Events<K, V> events) {
    integration.write(key, value);
    update(key, e, copy(value), now, events);
    statistics.puts(1);
  }

  /** Under the key's lock: deletes through and removes the live entry {@code e}, if any. */
  private Expirable<V> deleteLive(K key, Expirable<V> e, Events<K, V> events) {
    integration.delete(key);
    if (e != null) {
      delete(key, e, events);
      statistics.removals(1);
    }
    return e;
  }

  private static void checkKeys(Set<?> keys) {
    Objects.requireNonNull(keys, "keys");
    for (Object key : keys) {
      Objects.requireNonNull(key, "keys contains null");
    }
  }

  /** {@code o} as a {@code clazz}, or an IllegalArgumentException that names {@code clazz}. */
  static <T> T cast(Object o, Class<T> clazz, String failure) {
    if (clazz.isInstance(o)) {
      return clazz.cast(o);
    }
    throw new IllegalArgumentException(failure + clazz.getName());
  }

  // ------------------------------------------------------------------ reads

  @Override
  public V get(K key) {
    long start = startRead(key);
    V result = atomically(key, events -> getLocked(key, start, events, true));
    statistics.getTime(now() - start);
    return result;
  }

  private V getLocked(K key, long now, Events<K, V> events, boolean loadIfMissing) {
    Expirable<V> e = hit(key, now, events);
    if (e != null) {
      return out(e);
    }
    statistics.misses(1);
    if (!loadIfMissing || !integration.readsThrough()) {
      return null;
    }
    V loaded = integration.load(key);
    if (loaded != null) {
      storeLoaded(key, loaded, false, now, events);
    }
    return loaded;
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    checkOpen();
    checkKeys(keys);
    long start = now();
    Map<K, V> result = new LinkedHashMap<>();
    List<K> missing = new ArrayList<>();
    Events<K, V> events = listeners.newEvents();
    for (K key : keys) {
      V v = locked(key, () -> getLocked(key, now(), events, false));
      if (v != null) {
        result.put(key, v);
      } else {
        missing.add(key);
      }
    }
    if (!missing.isEmpty() && integration.readsThrough()) {
      Map<K, V> loaded = integration.loadAll(missing);
      if (loaded != null) {
        for (K key : missing) {
          V v = loaded.get(key);
          if (v != null) {
            locked(key, () -> storeLoaded(key, v, false, now(), events));
            result.put(key, v);
          }
        }
      }
    }
    listeners.dispatch(events);
    statistics.getTime(now() - start);
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    return store.containsLive(key, now());
  }

  @Override
  public void loadAll(
      Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
    checkOpen();
    checkKeys(keys);
    CompletionListener listener =
        completionListener == null ? NO_COMPLETION_LISTENER : completionListener;
    if (!integration.hasLoader()) { // loadAll uses the loader even without read-through
      listener.onCompletion();
      return;
    }
    List<K> wanted = new ArrayList<>(keys);
    Thread.ofVirtual()
        .name("purecache-jcache-loadAll-" + name)
        .start(
            () -> {
              try {
                List<K> toLoad = new ArrayList<>();
                for (K key : wanted) {
                  if (replaceExistingValues || !containsKey(key)) {
                    toLoad.add(key);
                  }
                }
                Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : integration.loadAll(toLoad);
                if (loaded != null) {
                  // every entry the loader returned, unlike getAll, which stores only the misses
                  for (Map.Entry<K, V> entry : loaded.entrySet()) {
                    if (entry.getKey() != null && entry.getValue() != null) {
                      K key = entry.getKey();
                      atomically(
                          key,
                          events ->
                              storeLoaded(
                                  key, entry.getValue(), replaceExistingValues, now(), events));
                    }
                  }
                }
                listener.onCompletion();
              } catch (Exception e) {
                listener.onException(
                    e instanceof CacheLoaderException ? e : new CacheLoaderException(e));
              }
            });
  }

  private static final CompletionListener NO_COMPLETION_LISTENER =
      new CompletionListener() {
        @Override
        public void onCompletion() {}

        @Override
        public void onException(Exception e) {}
      };

  /**
   * Under the key's lock: stores a value the loader returned for {@code key} (not written through,
   * not counted as a put) over no live entry or, with {@code replace}, over the live one; returns
   * the previous live entry.
   *
   * @throws ClassCastException if the loader returned a value that is not of the value type
   */
  private Expirable<V> storeLoaded(
      K key, V loaded, boolean replace, long now, Events<K, V> events) {
    checkValue(loaded);
    Expirable<V> e = live(key, now, events);
    if (e == null) {
      create(copy(key), copy(loaded), now, events);
    } else if (replace) {
      update(key, e, copy(loaded), now, events);
    }
    return e;
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void put(K key, V value) {
    long start = startWrite(key, value);
    atomically(key, events -> putLocked(key, value, start, events));
    statistics.putTime(now() - start);
  }

  /** Returns the previous live entry. */
  private Expirable<V> putLocked(K key, V value, long now, Events<K, V> events) {
    Expirable<V> e = live(key, now, events);
    integration.write(key, value);
    set(key, e, value, now, events);
    return e;
  }

  @Override
  public V getAndPut(K key, V value) {
    long start = startWrite(key, value);
    Expirable<V> old = atomically(key, events -> putLocked(key, value, start, events));
    hitOrMiss(old != null);
    getTimeAnd(start, true, statistics::putTime);
    return out(old);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    checkOpen();
    Objects.requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      checkKey(entry.getKey());
      checkValue(entry.getValue());
    }
    long start = now();
    Map<K, V> toStore = new LinkedHashMap<>(map);
    CacheWriterException failure = null;
    if (integration.writesThrough()) {
      List<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>();
      for (Map.Entry<K, V> entry : toStore.entrySet()) {
        pending.add(new CacheEntry<>(entry.getKey(), entry.getValue()));
      }
      failure = integration.writeAll(pending);
      if (failure != null) {
        for (Cache.Entry<? extends K, ? extends V> notWritten : pending) {
          toStore.remove(notWritten.getKey());
        }
      }
    }
    Events<K, V> events = listeners.newEvents();
    for (Map.Entry<K, V> entry : toStore.entrySet()) {
      K key = entry.getKey();
      locked(
          key,
          () -> {
            long now = now();
            Expirable<V> e = live(key, now, events);
            set(key, e, entry.getValue(), now, events);
            return e;
          });
    }
    listeners.dispatch(events);
    statistics.putTime(now() - start);
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    long start = startWrite(key, value);
    boolean stored =
        atomically(
            key,
            events -> {
              if (live(key, start, events) != null) {
                return false;
              }
              integration.write(key, value);
              set(key, null, value, start, events);
              return true;
            });
    hitOrMiss(!stored);
    statistics.putTime(now() - start);
    return stored;
  }

  @Override
  public boolean remove(K key) {
    long start = startRead(key);
    boolean removed =
        atomically(key, events -> deleteLive(key, live(key, start, events), events)) != null;
    statistics.removeTime(now() - start);
    return removed;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    long start = now();
    boolean removed =
        atomically(
            key,
            events -> {
              Expirable<V> e = matching(key, oldValue, start, events);
              return e != null && deleteLive(key, e, events) != null;
            });
    getTimeAnd(start, removed, statistics::removeTime);
    return removed;
  }

  @Override
  public V getAndRemove(K key) {
    long start = startRead(key);
    Expirable<V> e =
        atomically(
            key,
            events -> {
              Expirable<V> old = deleteLive(key, live(key, start, events), events);
              hitOrMiss(old != null);
              return old;
            });
    getTimeAnd(start, true, statistics::removeTime);
    return out(e);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkOpen();
    checkKey(key);
    Objects.requireNonNull(oldValue, "oldValue");
    checkValue(newValue);
    long start = now();
    boolean replaced =
        atomically(
            key,
            events -> {
              Expirable<V> e = matching(key, oldValue, start, events);
              if (e != null) {
                replaceLive(key, e, newValue, start, events);
              }
              return e != null;
            });
    getTimeAnd(start, replaced, statistics::putTime);
    return replaced;
  }

  @Override
  public boolean replace(K key, V value) {
    return replaceEntry(key, value) != null;
  }

  @Override
  public V getAndReplace(K key, V value) {
    return out(replaceEntry(key, value));
  }

  /** Replaces the live entry of {@code key}, if any, and returns it. */
  private Expirable<V> replaceEntry(K key, V value) {
    long start = startWrite(key, value);
    Expirable<V> e =
        atomically(
            key,
            events -> {
              Expirable<V> old = live(key, start, events);
              if (old != null) {
                replaceLive(key, old, value, start, events);
              }
              hitOrMiss(old != null);
              return old;
            });
    getTimeAnd(start, e != null, statistics::putTime);
    return e;
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    checkOpen();
    checkKeys(keys);
    removeKeys(new LinkedHashSet<>(keys));
  }

  @Override
  @SuppressWarnings("unchecked")
  public void removeAll() {
    checkOpen();
    Set<K> keys = new LinkedHashSet<>();
    for (Object key : store.keys()) {
      keys.add((K) key);
    }
    removeKeys(keys);
  }

  private void removeKeys(Set<K> keys) {
    long start = now();
    Set<K> toRemove = new LinkedHashSet<>(keys);
    CacheWriterException failure = null;
    if (integration.writesThrough() && !keys.isEmpty()) {
      Collection<Object> pending = new ArrayList<>(keys);
      failure = integration.deleteAll(pending);
      if (failure != null) {
        toRemove.removeAll(new HashSet<>(pending));
      }
    }
    Events<K, V> events = listeners.newEvents();
    int removed = 0;
    for (K key : toRemove) {
      boolean found =
          locked(
              key,
              () -> {
                Expirable<V> e = live(key, now(), events);
                if (e != null) {
                  delete(key, e, events);
                }
                return e != null;
              });
      if (found) {
        removed++;
      }
    }
    listeners.dispatch(events);
    statistics.removals(removed);
    if (removed > 0) {
      statistics.removeTime(now() - start);
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void clear() {
    checkOpen();
    // clear notifies no listener (JSR-107), not even of the entries past the cap it reclaims,
    // as it notifies none of the entries past their expiry policy's deadline
    Events<K, V> notDispatched = listeners.newEvents();
    store.clear(notDispatched);
  }

  // ------------------------------------------------------------------ entry processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    long start = now();
    return atomically(
        key,
        events -> {
          Expirable<V> e = live(key, start, events);
          hitOrMiss(e != null);
          ProcessorEntry<K, V> entry =
              new ProcessorEntry<>(key, out(e), integration, this::checkValue);
          T result;
          try {
            result = entryProcessor.process(entry, arguments);
          } catch (EntryProcessorException ex) {
            throw ex;
          } catch (Exception ex) {
            throw new EntryProcessorException(ex);
          }
          apply(key, e, entry, start, events);
          return result;
        });
  }

  /** Under the key's lock: applies the change a processor made to {@code entry}. */
  private void apply(
      K key, Expirable<V> e, ProcessorEntry<K, V> entry, long now, Events<K, V> events) {
    switch (entry.change()) {
      case NONE -> {}
      case READ -> touch(e, now);
      case LOADED -> storeLoaded(key, entry.value(), false, now, events);
      case SET -> {
        integration.write(key, entry.value());
        set(key, e, entry.value(), now, events);
      }
      case REMOVE -> deleteLive(key, e, events);
    }
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    checkKeys(keys);
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, entryProcessor, arguments);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (RuntimeException e) {
        EntryProcessorException failure =
            e instanceof EntryProcessorException epe ? epe : new EntryProcessorException(e);
        results.put(
            key,
            () -> {
              throw failure;
            });
      }
    }
    return results;
  }

  // ------------------------------------------------------------------ the rest of Cache

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    return cast(snapshot(), clazz, "the configuration is not a ");
  }

  @Override
  public void registerCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> cacheEntryListenerConfiguration) {
    checkOpen();
    Objects.requireNonNull(cacheEntryListenerConfiguration, "cacheEntryListenerConfiguration");
    withConfig(
        () -> {
          config.addCacheEntryListenerConfiguration(cacheEntryListenerConfiguration);
          listeners.register(cacheEntryListenerConfiguration);
          return null;
        });
  }

  @Override
  public void deregisterCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> cacheEntryListenerConfiguration) {
    checkOpen();
    Objects.requireNonNull(cacheEntryListenerConfiguration, "cacheEntryListenerConfiguration");
    withConfig(() -> config.removeCacheEntryListenerConfiguration(cacheEntryListenerConfiguration));
    listeners.deregister(cacheEntryListenerConfiguration);
  }

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    checkOpen();
    Iterator<Object> keys = store.keys().iterator();
    return new Iterator<>() {
      private Cache.Entry<K, V> next;
      private K last;

      @Override
      @SuppressWarnings("unchecked")
      public boolean hasNext() {
        while (next == null && keys.hasNext()) {
          K key = (K) keys.next();
          next =
              atomically(
                  key,
                  events -> {
                    Expirable<V> e = hit(key, now(), events);
                    return e == null ? null : new CacheEntry<>(key, out(e));
                  });
        }
        return next != null;
      }

      @Override
      public Cache.Entry<K, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Cache.Entry<K, V> result = next;
        next = null;
        last = result.getKey();
        return result;
      }

      @Override
      public void remove() {
        if (last == null) {
          throw new IllegalStateException("next() was not called");
        }
        PureJCache.this.remove(last);
        last = null;
      }
    };
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(expiry.policy());
    integration.close();
    listeners.close();
    manager.released(this);
  }

  /** Closes {@code o} if it is {@link Closeable}, logging a failure. */
  static void closeQuietly(Object o) {
    if (o instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        System.getLogger(PureJCache.class.getName())
            .log(System.Logger.Level.WARNING, "closing " + o + " failed", e);
      }
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    return cast(this, clazz, "cannot unwrap the cache to ");
  }

  // ------------------------------------------------------------------ entries

  /**
   * A key and value, as iterated and as given to a {@link CacheWriter}.
   *
   * @param <K> the key type
   * @param <V> the value type
   */
  public static final class CacheEntry<K, V> implements Cache.Entry<K, V> {
    private final K key;
    private final V value;

    CacheEntry(K key, V value) {
      this.key = key;
      this.value = value;
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
    public <T> T unwrap(Class<T> clazz) {
      return cast(this, clazz, "cannot unwrap an entry to ");
    }
  }
}
