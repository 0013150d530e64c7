package dev.purecache;

import dev.purecache.internal.LoadEngines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a cache's loads: where a loader's thread comes from and how its lifetime is bounded.
 *
 * <p>The cache decides single-flight, storing, sharing of results and failures; an engine only
 * runs each {@link Load} on a thread of its own (never the caller's: callers wait, interruptibly)
 * and reports its outcome once. The core ships an engine on plain virtual threads ({@link
 * #virtualThreads()}); the {@code purecache-structured} module provides one built on {@code
 * StructuredTaskScope}, found with {@link java.util.ServiceLoader} when it is present and usable
 * (see {@link #defaultEngine()}).
 *
 * <p>Implementations must be thread-safe and must never run a load on the calling thread.
 */
public interface LoadEngine {

  /**
   * Returns a short name identifying this engine, such as {@code "virtual-threads"}.
   *
   * @return the engine's name
   */
  String name();

  /**
   * Returns whether this engine can run on the current JVM. A provider found by {@link
   * java.util.ServiceLoader} that answers {@code false}, or throws a {@link LinkageError}, is
   * passed over. The default answers {@code true}.
   *
   * @return whether this engine is usable here
   */
  default boolean isUsable() {
    return true;
  }

  /**
   * Starts running one load on a new thread and returns at once. The engine calls exactly one
   * of {@link Load#succeeded}, {@link Load#failed} or {@link Load#timedOut}, unless the load was
   * cancelled first (reports after a cancellation are ignored by the cache).
   *
   * @param load the load to run
   * @return a handle that cancels the load (interrupting its thread)
   */
  Handle start(Load<?> load);

  /**
   * Starts the loads of one {@link Cache#getAll} call. The default starts each with {@link
   * #start}; an engine may group them (one scope for the call). Each load is still reported and
   * cancelled on its own: the cache cancels only loads that no other caller waits for.
   *
   * @param loads the loads to run
   * @return one handle per load, in the same order
   */
  default List<Handle> startAll(List<? extends Load<?>> loads) {
    List<Handle> handles = new ArrayList<>(loads.size());
    for (Load<?> load : loads) {
      handles.add(start(load));
    }
    return handles;
  }

  /**
   * Returns the engine on plain virtual threads that ships with the core: one virtual thread per
   * load, cancelled by interrupting it.
   *
   * @return the portable engine
   */
  static LoadEngine virtualThreads() {
    return LoadEngines.portable();
  }

  /**
   * Returns the engine a cache uses unless its builder names one: the first provider of this
   * interface found by {@link java.util.ServiceLoader} that is usable on this JVM, otherwise
   * {@link #virtualThreads()}. A provider that cannot load here (for example a class compiled
   * for a preview API on a JVM started without {@code --enable-preview}) is passed over without
   * error.
   *
   * @return the default engine
   */
  static LoadEngine defaultEngine() {
    return LoadEngines.defaultEngine();
  }

  /**
   * One load of one key, as the cache hands it to an engine.
   *
   * @param <V> the type of the loaded value
   */
  interface Load<V> {

    /**
     * Returns a name for the load's thread, naming the key.
     *
     * @return the thread name
     */
    String name();

    /**
     * Returns the load timeout, or {@code null} if none is configured. The cache enforces it
     * too; an engine may use it to bound the load's thread (a scope's deadline).
     *
     * @return the timeout, or {@code null}
     */
    Duration timeout();

    /**
     * Runs the loader on the calling thread (the engine's) and returns its result.
     *
     * @return the loaded value, possibly {@code null}
     * @throws Exception whatever the loader threw
     */
    V call() throws Exception;

    /**
     * Reports that {@link #call()} returned.
     *
     * @param value its result, possibly {@code null}
     */
    void succeeded(V value);

    /**
     * Reports that {@link #call()} threw.
     *
     * @param failure what it threw
     */
    void failed(Throwable failure);

    /** Reports that the engine stopped the load because its timeout ran out. */
    void timedOut();
  }

  /** A started load. */
  interface Handle {

    /** Cancels the load: interrupts its thread if it still runs. Idempotent. */
    void cancel();
  }
}
