package dev.purecache.jcache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * The entry listeners registered with one cache, and the delivery of its operations' events.
 *
 * <p>An operation records its events in an {@link Events} while it holds its key's lock, and
 * {@link #dispatch} hands them, once the lock is released, to every registered listener on the
 * calling thread, in the order they happened, through each listener's filter. Values are copied
 * for the listener when the cache stores by value; a removed or expired entry's value is shown
 * only to a listener that asked for old values. The first exception of a synchronous listener
 * reaches the caller as a {@link CacheEntryListenerException}, after every listener has been
 * called; an asynchronous listener's exception is dropped.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class EntryListeners<K, V> {
  private final PureJCache<K, V> source;
  private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();

  /** The listeners of {@code configurations}, delivering events of {@code source}. */
  EntryListeners(
      PureJCache<K, V> source, Iterable<CacheEntryListenerConfiguration<K, V>> configurations) {
    this.source = source;
    for (CacheEntryListenerConfiguration<K, V> configuration : configurations) {
      register(configuration);
    }
  }

  /** Creates the listener and filter of {@code configuration} and delivers events to them. */
  void register(CacheEntryListenerConfiguration<K, V> configuration) {
    registrations.add(new Registration<>(configuration));
  }

  /** Stops delivering to the listener of {@code configuration} and closes it, if registered. */
  void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (Registration<K, V> r : registrations) {
      if (r.configuration.equals(configuration) && registrations.remove(r)) {
        r.close();
      }
    }
  }

  /** Closes every listener and filter that is {@link java.io.Closeable}. */
  void close() {
    for (Registration<K, V> r : registrations) {
      r.close();
    }
  }

  /** The (empty) events of a new operation. */
  Events<K, V> newEvents() {
    return new Events<>(this);
  }

  /**
   * Delivers {@code events} to the listeners; the caller holds no lock.
   *
   * @throws CacheEntryListenerException if a synchronous listener or its filter threw
   */
  @SuppressWarnings("unchecked")
  void dispatch(Events<K, V> events) {
    if (events.pending == null) {
      return;
    }
    CacheEntryListenerException failure = null;
    for (Event<V> e : events.pending) {
      for (Registration<K, V> r : registrations) {
        try {
          r.deliver(source, e.type(), (K) e.key(), e.value(), e.oldValue());
        } catch (RuntimeException thrown) {
          if (r.configuration.isSynchronous() && failure == null) {
            failure =
                thrown instanceof CacheEntryListenerException cele
                    ? cele
                    : new CacheEntryListenerException(thrown);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** One event of an operation, as recorded (values as stored). */
  private record Event<V>(EventType type, Object key, V value, V oldValue) {}

  /**
   * The events of one operation, recorded under its lock and {@linkplain #dispatch dispatched}
   * once it is released. Records nothing while no listener is registered.
   *
   * @param <K> the key type
   * @param <V> the value type
   */
  static final class Events<K, V> {
    private final EntryListeners<K, V> listeners;
    private List<Event<V>> pending;

    private Events(EntryListeners<K, V> listeners) {
      this.listeners = listeners;
    }

    /** Records an event; {@code oldValue} is null for a creation. */
    void add(EventType type, Object key, V value, V oldValue) {
      if (listeners.registrations.isEmpty()) {
        return;
      }
      if (pending == null) {
        pending = new ArrayList<>(2);
      }
      pending.add(new Event<>(type, key, value, oldValue));
    }
  }

  /** One registered listener with its filter. */
  private static final class Registration<K, V> {
    final CacheEntryListenerConfiguration<K, V> configuration;
    final CacheEntryListener<? super K, ? super V> listener;
    final CacheEntryEventFilter<? super K, ? super V> filter;

    Registration(CacheEntryListenerConfiguration<K, V> configuration) {
      this.configuration = configuration;
      this.listener = configuration.getCacheEntryListenerFactory().create();
      this.filter =
          configuration.getCacheEntryEventFilterFactory() == null
              ? null
              : configuration.getCacheEntryEventFilterFactory().create();
    }

    @SuppressWarnings("unchecked")
    void deliver(PureJCache<K, V> cache, EventType type, K key, V value, V old) {
      boolean wants =
          switch (type) {
            case CREATED -> listener instanceof CacheEntryCreatedListener;
            case UPDATED -> listener instanceof CacheEntryUpdatedListener;
            case REMOVED -> listener instanceof CacheEntryRemovedListener;
            case EXPIRED -> listener instanceof CacheEntryExpiredListener;
          };
      if (!wants) {
        return;
      }
      boolean withOld = configuration.isOldValueRequired();
      boolean gone = type == EventType.REMOVED || type == EventType.EXPIRED;
      V shownValue = gone && !withOld ? null : cache.copy(value);
      V shownOld = old == null ? null : cache.copy(old);
      PureEntryEvent<K, V> event =
          new PureEntryEvent<>(cache, type, key, shownValue, shownOld, withOld && old != null);
      if (filter != null && !filter.evaluate(event)) {
        return;
      }
      List<PureEntryEvent<K, V>> one = List.of(event);
      Iterable<CacheEntryEvent<? extends K, ? extends V>> events =
          (Iterable<CacheEntryEvent<? extends K, ? extends V>>) (Object) one;
      switch (type) {
        case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
        case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
        case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
        case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
      }
    }

    void close() {
      PureJCache.closeQuietly(listener);
      PureJCache.closeQuietly(filter);
    }
  }
}
