package dev.purecache.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Control;

/**
 * The machine's prices for the ways an exact read order can be kept, in nanoseconds per
 * operation, for {@link OrderDemand} to turn into ceilings:
 *
 * <ul>
 *   <li>{@code handoff}: two threads pass a flag back and forth; each operation of either thread
 *       is one round trip of a cache line between two cores (two one-way handoffs);
 *   <li>{@code compareAndSet}: an uncontended compare-and-set, the least an ordered claim costs;
 *   <li>{@code nanoTime}: one read of {@link System#nanoTime()}, the clock an order could use
 *       instead of shared memory.
 * </ul>
 *
 * Run with {@code -t 1}; the handoff group brings its own two threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OrderingBenchmark {

  /** The flag two threads hand to each other. */
  @State(Scope.Group)
  public static class Flag {
    final AtomicBoolean owned = new AtomicBoolean();
  }

  /** A counter only one thread touches. */
  @State(Scope.Thread)
  public static class Counter {
    final AtomicLong value = new AtomicLong();
  }

  /** Takes the flag once the other thread has put it down. */
  @Benchmark
  @Group("handoff")
  @GroupThreads(1)
  public void ping(Flag flag, Control control) {
    while (!control.stopMeasurement && !flag.owned.compareAndSet(false, true)) {
      Thread.onSpinWait();
    }
  }

  /** Puts the flag down once the other thread has taken it. */
  @Benchmark
  @Group("handoff")
  @GroupThreads(1)
  public void pong(Flag flag, Control control) {
    while (!control.stopMeasurement && !flag.owned.compareAndSet(true, false)) {
      Thread.onSpinWait();
    }
  }

  /** One compare-and-set on a cache line no other thread touches. */
  @Benchmark
  public boolean compareAndSet(Counter counter) {
    long v = counter.value.get();
    return counter.value.compareAndSet(v, v + 1);
  }

  /** One read of the monotonic clock. */
  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }
}
