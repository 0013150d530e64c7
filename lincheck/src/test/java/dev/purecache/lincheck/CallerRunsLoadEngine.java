package dev.purecache.lincheck;

import dev.purecache.LoadEngine;

/**
 * Runs each load to completion on the thread that starts it, before {@code start} returns.
 *
 * <p>This deliberately departs from the {@link LoadEngine} contract (loads run on a thread of
 * their own) for one purpose: Lincheck's model checker controls only the scenario's threads, so a
 * loader running on a virtual or engine thread would be invisible to it (and its caller's park
 * would look like a livelock). Running the loader on the starting scenario thread puts every step
 * of the load (register the flight, unlock, load, re-lock, publish) into the explored
 * interleavings, while the other scenario threads still join the flight and park on it. The
 * loaders of these tests are deterministic, never block and are never interrupted, so nothing
 * else changes; the stress-mode runs use the real {@link LoadEngine#virtualThreads()} engine.
 */
public final class CallerRunsLoadEngine implements LoadEngine {

  @Override
  public String name() {
    return "caller-runs";
  }

  @Override
  public Handle start(Load<?> load) {
    run(load);
    return () -> {};
  }

  private static <V> void run(Load<V> load) {
    V value;
    try {
      value = load.call();
    } catch (Throwable failure) {
      load.failed(failure);
      return;
    }
    load.succeeded(value);
  }
}
