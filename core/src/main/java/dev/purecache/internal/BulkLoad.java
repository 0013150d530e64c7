package dev.purecache.internal;

import dev.purecache.CacheLoader;
import dev.purecache.LoadEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link CacheLoader#loadAll} call that loads the keys of several {@link Flight}s: one engine
 * task, whose outcome completes each flight through the same transitions as a load of its own
 * ({@link Loads#completed}, {@link Loads#failed}, {@link Loads#timedOut}).
 *
 * <h2>Implementation overview</h2>
 *
 * {@link Loads#loadAll} registers one flight per key it starts and {@linkplain #add adds} it
 * here, then {@linkplain #start starts} this task once. Each flight is registered like any other,
 * so concurrent callers of its key join it and no key is loaded twice. The flights share the
 * task's lifetime, not their fates: each is settled on its own (a put may overtake one, its
 * callers may all leave it, its timeout may pass), and each gets a handle of its own, whose
 * cancellation only releases the task; the last release cancels it. On success each flight is
 * completed with its key's value, or null if {@code loadAll} left the key out; then the extra
 * entries are stored, as puts. The task runs with its first flight as the current flight, and
 * every flight of it counts as that one in the wait-for graph (see {@link Flight#isSameLoad}),
 * so a {@code loadAll} that asks for one of its own keys fails instead of deadlocking.
 */
final class BulkLoad<K, V> implements LoadEngine.Load<Map<K, V>> {
  private final Loads<K, V> loads;
  private final CacheLoader<K, V> loader;
  private final List<Flight<K, V>> flights = new ArrayList<>();
  /** Flights that have not released the task yet; the last release cancels it. */
  private final AtomicInteger wanted = new AtomicInteger();
  private volatile LoadEngine.Handle handle;

  BulkLoad(Loads<K, V> loads, CacheLoader<K, V> loader) {
    this.loads = loads;
    this.loader = loader;
  }

  /** Adds a registered flight, before {@link #start}; only the starting caller calls this. */
  void add(Flight<K, V> flight) {
    flights.add(flight);
  }

  /** The first flight: the current flight of the task's thread. */
  Flight<K, V> first() {
    return flights.get(0);
  }

  /** Hands the task to the engine and gives each flight its handle; called once. */
  void start(LoadEngine engine) {
    wanted.set(flights.size());
    try {
      handle = engine.start(this);
    } catch (RuntimeException | Error engineFailure) {
      failed(engineFailure);
      return;
    }
    for (Flight<K, V> flight : flights) {
      flight.started(new Release());
    }
  }

  @Override
  public String name() {
    int others = flights.size() - 1;
    return "purecache-loadAll[" + first().key + (others > 0 ? " +" + others : "") + "]";
  }

  @Override
  public Duration timeout() {
    return loads.timeout();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Map<K, V> call() throws Exception {
    Set<K> keys = new LinkedHashSet<>(flights.size() * 2);
    long now = System.nanoTime();
    for (Flight<K, V> flight : flights) {
      keys.add(flight.key);
      flight.markStarted(now);
    }
    Flight.CURRENT.set(first());
    try {
      return loader.loadAll(Collections.unmodifiableSet(keys));
    } finally {
      Flight.CURRENT.remove();
    }
  }

  @Override
  public void succeeded(Map<K, V> values) {
    Map<K, V> found = values == null ? Map.of() : values;
    for (Flight<K, V> flight : flights) {
      loads.completed(flight, found.get(flight.key));
    }
    if (found.size() > 0) {
      Set<K> asked = new LinkedHashSet<>(flights.size() * 2);
      flights.forEach(f -> asked.add(f.key));
      for (Map.Entry<K, V> extra : found.entrySet()) {
        K key = extra.getKey();
        V value = extra.getValue();
        if (key != null && value != null && !asked.contains(key)) {
          loads.storeExtra(key, value);
        }
      }
    }
  }

  @Override
  public void failed(Throwable failure) {
    for (Flight<K, V> flight : flights) {
      loads.failed(flight, failure);
    }
  }

  @Override
  public void timedOut() {
    for (Flight<K, V> flight : flights) {
      loads.timedOut(flight);
    }
  }

  @Override
  public String toString() {
    return name();
  }

  /** One flight's handle: releases the task once; the last release cancels it. */
  private final class Release implements LoadEngine.Handle {
    private final AtomicBoolean released = new AtomicBoolean();

    @Override
    public void cancel() {
      if (released.compareAndSet(false, true) && wanted.decrementAndGet() == 0) {
        handle.cancel();
      }
    }
  }
}
