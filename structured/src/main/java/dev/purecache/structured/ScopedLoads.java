package dev.purecache.structured;

import dev.purecache.LoadEngine.Handle;
import dev.purecache.LoadEngine.Load;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code StructuredTaskScope} side of {@link StructuredTaskScopeEngine}; the only class of
 * this module that uses the preview API, so the only one that fails to load without {@code
 * --enable-preview}.
 *
 * <h2>Implementation overview</h2>
 *
 * One {@link Group} per {@link #startAll} call: a virtual thread (the owner) opens a scope with
 * the {@link Reporter} joiner, forks one {@link Subload} per load, joins, and closes the scope.
 *
 * <p>Each {@link Subload} settles exactly once, by a compare-and-set of its {@code state} from
 * {@code RUNNING}: to {@code REPORTED} by whoever reports its outcome (the joiner, from the
 * subtask's thread, when the subtask completes and the scope is not cancelled; or the owner,
 * when the scope's timeout expired), or to {@code CANCELLED} by {@link Handle#cancel()}. Only the
 * winner of that transition talks to the cache, so each load is reported at most once and never
 * after its cancellation.
 *
 * <p>A subtask never throws: it catches the loader's failure and returns its {@link Subload},
 * so the joiner finds which load completed from the subtask's result. The scope's own
 * cancellation (timeout, owner interrupted) sets its cancelled flag before it interrupts the
 * subtasks, and a subtask that completes in a cancelled scope is not passed to the joiner: a
 * loader that fails because the scope interrupted it is therefore never reported as failed.
 *
 * <p>{@link Group#unsettled} counts loads not yet settled; the cancel that settles the last one
 * interrupts the owner, whose {@code join()} then throws and whose {@code close()} cancels the
 * scope, interrupting the loader. A cancel that leaves other loads running interrupts only its
 * own subtask's thread, recorded by the subtask when it starts (a subtask that starts after its
 * cancellation returns without calling the loader).
 */
final class ScopedLoads {
  private ScopedLoads() {}

  /** Opens and closes an empty scope: loads this class and checks the API works here. */
  static boolean probe() {
    try (var scope = StructuredTaskScope.open()) {
      return !scope.isCancelled();
    }
  }

  /** Starts the loads in one scope owned by a new virtual thread. */
  static List<Handle> startAll(List<? extends Load<?>> loads) {
    Group group = new Group(loads);
    Thread owner = Thread.ofVirtual().name(group.name + " (scope owner)").unstarted(group::run);
    group.owner = owner;
    owner.start();
    return List.copyOf(group.subloads);
  }

  /** The name of a scope: the load's for one load, else names the first load and the count. */
  private static String scopeName(List<? extends Load<?>> loads) {
    if (loads.size() == 1) {
      return loads.getFirst().name();
    }
    return "purecache-getAll[" + loads.getFirst().name() + " +" + (loads.size() - 1) + "]";
  }

  /** The shortest timeout of the loads, or null. */
  private static Duration timeout(List<? extends Load<?>> loads) {
    Duration shortest = null;
    for (Load<?> load : loads) {
      Duration t = load.timeout();
      if (t != null && (shortest == null || t.compareTo(shortest) < 0)) {
        shortest = t;
      }
    }
    return shortest;
  }

  /** The loads of one scope and the thread that owns it. */
  private static final class Group {
    final String name;
    final List<Subload<?>> subloads;
    final Duration timeout;
    final AtomicInteger unsettled;
    volatile Thread owner;

    Group(List<? extends Load<?>> loads) {
      this.name = scopeName(loads);
      this.timeout = timeout(loads);
      List<Subload<?>> list = new ArrayList<>(loads.size());
      for (Load<?> load : loads) {
        list.add(new Subload<>(this, load));
      }
      this.subloads = List.copyOf(list);
      this.unsettled = new AtomicInteger(loads.size());
    }

    /** The owner's work: open the scope, fork every load, join, close. */
    void run() {
      LoaderThreads threads = new LoaderThreads();
      try (var scope =
          StructuredTaskScope.open(
              new Reporter(),
              cf -> {
                cf = cf.withName(name).withThreadFactory(threads);
                return timeout == null ? cf : cf.withTimeout(timeout);
              })) {
        for (Subload<?> subload : subloads) {
          threads.nextName = subload.load.name();
          try {
            scope.fork(subload);
          } catch (RuntimeException | Error notForked) {
            subload.reportFailure(notForked);
          }
        }
        try {
          scope.join();
        } catch (StructuredTaskScope.TimeoutException expired) {
          // reported before close() waits for the interrupted loaders to finish
          for (Subload<?> subload : subloads) {
            subload.reportTimedOut();
          }
        } catch (InterruptedException cancelled) {
          // every load was cancelled; close() cancels the scope and interrupts the loader
        }
      } catch (RuntimeException | Error scopeFailure) {
        for (Subload<?> subload : subloads) {
          subload.reportFailure(scopeFailure);
        }
      }
    }

    /** A load settled; if it was cancelled and nothing else runs, stop the owner's scope. */
    void settled(boolean byCancel) {
      if (unsettled.decrementAndGet() == 0 && byCancel) {
        Thread o = owner;
        if (o != null) {
          o.interrupt();
        }
      }
    }
  }

  /** Names each loader thread after its load; used only by the owner (inside {@code fork}). */
  private static final class LoaderThreads implements ThreadFactory {
    String nextName = "purecache-load";

    @Override
    public Thread newThread(Runnable task) {
      return Thread.ofVirtual().name(nextName).unstarted(task);
    }
  }

  /** Reports each subtask's outcome as it completes; never cancels the scope itself. */
  private static final class Reporter implements Joiner<Subload<?>, Void> {
    @Override
    public boolean onComplete(Subtask<? extends Subload<?>> subtask) {
      if (subtask.state() == Subtask.State.SUCCESS) {
        subtask.get().reportOutcome();
      }
      return false;
    }

    @Override
    public Void result() {
      return null;
    }
  }

  /** One load in a scope: the subtask's task, and the handle the cache cancels. */
  private static final class Subload<V> implements java.util.concurrent.Callable<Subload<?>>,
      Handle {
    private static final int RUNNING = 0;
    private static final int REPORTED = 1;
    private static final int CANCELLED = 2;

    final Group group;
    final Load<V> load;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private volatile Thread thread;
    private V value;
    private Throwable failure;

    @SuppressWarnings("unchecked")
    Subload(Group group, Load<?> load) {
      this.group = group;
      this.load = (Load<V>) load;
    }

    /** The subtask: runs the loader, keeps its outcome; never throws. */
    @Override
    public Subload<?> call() {
      thread = Thread.currentThread();
      if (state.get() == CANCELLED) {
        return this;
      }
      try {
        value = load.call();
      } catch (Throwable t) {
        failure = t;
      }
      return this;
    }

    /** From the joiner, in the subtask's thread, after {@link #call()} returned. */
    void reportOutcome() {
      if (settle(REPORTED)) {
        if (failure == null) {
          load.succeeded(value);
        } else {
          load.failed(failure);
        }
      }
    }

    void reportFailure(Throwable t) {
      if (settle(REPORTED)) {
        load.failed(t);
      }
    }

    void reportTimedOut() {
      if (settle(REPORTED)) {
        load.timedOut();
      }
    }

    @Override
    public void cancel() {
      if (settle(CANCELLED)) {
        Thread t = thread;
        if (t != null && group.unsettled.get() > 0) {
          t.interrupt();
        }
      }
    }

    private boolean settle(int outcome) {
      if (!state.compareAndSet(RUNNING, outcome)) {
        return false;
      }
      group.settled(outcome == CANCELLED);
      return true;
    }
  }
}
