package dev.purecache.internal;

import dev.purecache.LoadEngine;

/**
 * The portable load engine: one new virtual thread per load, cancelled by interrupting it. The
 * cache enforces load timeouts itself, so this engine needs no timer.
 */
final class VirtualThreadLoadEngine implements LoadEngine {
  static final VirtualThreadLoadEngine INSTANCE = new VirtualThreadLoadEngine();

  private VirtualThreadLoadEngine() {}

  @Override
  public String name() {
    return "virtual-threads";
  }

  @Override
  public Handle start(Load<?> load) {
    // A Thread.Builder is not thread-safe: one per load.
    Thread thread = Thread.ofVirtual().name(load.name()).unstarted(() -> run(load));
    thread.start();
    return thread::interrupt;
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

  @Override
  public String toString() {
    return name();
  }
}
