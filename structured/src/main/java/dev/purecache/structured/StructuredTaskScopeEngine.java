package dev.purecache.structured;

import dev.purecache.LoadEngine;
import java.util.List;

/**
 * A {@link LoadEngine} that runs every load in flight in a {@link
 * java.util.concurrent.StructuredTaskScope}: the scope is the flight, the loader its subtask.
 *
 * <p>The core finds this engine with {@link java.util.ServiceLoader} (it is listed in {@code
 * META-INF/services/dev.purecache.LoadEngine} and provided by the module {@code
 * dev.purecache.structured}); a cache built without an explicit engine then reports {@code
 * engine=structured-task-scope} in its {@code toString()}. It can also be named explicitly with
 * {@code CacheBuilder.loadEngine(new StructuredTaskScopeEngine())}.
 *
 * <p>{@code StructuredTaskScope} is a preview API, so the classes that use it can only load on
 * JDK 25 started with {@code --enable-preview}. This class does not touch it: it loads on any
 * JVM, answers {@link #isUsable()} by loading the preview-using class and catching the {@link
 * LinkageError} ({@link UnsupportedClassVersionError}) that a JVM without preview throws, and so
 * lets the core fall back to its portable engine without error.
 *
 * <h2>Structure</h2>
 *
 * <ul>
 *   <li>{@link #start} (one {@code computeIfAbsent} flight): a dedicated virtual thread owns a
 *       scope named after the load ({@code purecache-load[key]}), forks the loader as its only
 *       subtask (a thread of the same name) and joins it. The owner is a thread of its own, not
 *       the caller that started the flight, because callers wait for a flight individually and
 *       may give up (be interrupted) while the load must go on for the other callers; the scope
 *       lives exactly as long as the load.
 *   <li>{@link #startAll} (the loads of one {@code getAll}): one scope, one subtask per load; each
 *       load is reported to the cache on its own as its subtask completes, so the cache can fail
 *       fast on the first failure while loads other callers wait for go on.
 *   <li>Timeout: the scope is opened with the load timeout; when it expires the scope is
 *       cancelled (the loaders are interrupted) and every load not yet answered is reported as
 *       {@linkplain Load#timedOut() timed out}.
 *   <li>Cancellation: {@link Handle#cancel()} interrupts the scope's owner when no other load of
 *       the scope is still running, which closes the scope and so interrupts the loader; inside a
 *       {@code getAll} scope with other loads still running it interrupts only that load's
 *       subtask. A subtask that ends after its load was cancelled or timed out is not reported.
 *   <li>Closing a scope waits for its subtasks, so no loader thread outlives its scope's owner.
 * </ul>
 *
 * <p>This class is thread-safe and stateless; instances are interchangeable.
 */
public final class StructuredTaskScopeEngine implements LoadEngine {
  /** The name of this engine, as {@link #name()} returns it. */
  public static final String NAME = "structured-task-scope";

  /** Creates the engine (also the {@link java.util.ServiceLoader} provider constructor). */
  public StructuredTaskScopeEngine() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns whether {@code StructuredTaskScope} can run here: JDK 25 with {@code
   * --enable-preview}. Never throws.
   */
  @Override
  public boolean isUsable() {
    try {
      return ScopedLoads.probe();
    } catch (LinkageError | RuntimeException unusable) {
      return false;
    }
  }

  /**
   * Starts a load in a scope of its own, owned by a new virtual thread.
   *
   * @throws UnsupportedOperationException if this JVM cannot run {@code StructuredTaskScope}
   */
  @Override
  public Handle start(Load<?> load) {
    return startAll(List.of(load)).getFirst();
  }

  /**
   * Starts the loads in one scope, owned by a new virtual thread, one subtask per load.
   *
   * @throws UnsupportedOperationException if this JVM cannot run {@code StructuredTaskScope}
   */
  @Override
  public List<Handle> startAll(List<? extends Load<?>> loads) {
    if (loads.isEmpty()) {
      return List.of();
    }
    try {
      return ScopedLoads.startAll(loads);
    } catch (LinkageError unusable) {
      throw new UnsupportedOperationException(
          "the " + NAME + " load engine needs JDK 25 started with --enable-preview", unusable);
    }
  }

  @Override
  public String toString() {
    return NAME;
  }
}
