package dev.purecache.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.purecache.Policy;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * computeIfAbsent vs computeIfAbsent of one missing key: the loader runs once and both callers get
 * the same instance. Observed: (loader runs, both got the same instance, that instance is cached).
 */
@Outcome(id = "1, true, true", expect = ACCEPTABLE, desc = "single flight")
@Outcome(expect = FORBIDDEN, desc = "the loader ran twice, or the callers got different instances")
public final class LoadLoadTest {
  private LoadLoadTest() {}

  static Object load(Fixture f, AtomicInteger loads) {
    return f.cache.computeIfAbsent(
        1,
        k -> {
          loads.incrementAndGet();
          return new Object();
        });
  }

  /** LRU, capacity 2. */
  @JCStressTest
  @JCStressMeta(LoadLoadTest.class)
  @State
  public static class Lru {
    final Fixture f = Fixture.of(Policy.LRU, 2);
    final AtomicInteger loads = new AtomicInteger();
    Object first;
    Object second;

    @Actor
    public void actor1() {
      first = load(f, loads);
    }

    @Actor
    public void actor2() {
      second = load(f, loads);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      r.r1 = loads.get(); r.r2 = first == second; r.r3 = f.cache.get(1) == first;
    }
  }

  /** LFU, capacity 2. */
  @JCStressTest
  @JCStressMeta(LoadLoadTest.class)
  @State
  public static class Lfu {
    final Fixture f = Fixture.of(Policy.LFU, 2);
    final AtomicInteger loads = new AtomicInteger();
    Object first;
    Object second;

    @Actor
    public void actor1() {
      first = load(f, loads);
    }

    @Actor
    public void actor2() {
      second = load(f, loads);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      r.r1 = loads.get(); r.r2 = first == second; r.r3 = f.cache.get(1) == first;
    }
  }

  /** TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(LoadLoadTest.class)
  @State
  public static class Ttl {
    final Fixture f = Fixture.of(Policy.TTL, 2);
    final AtomicInteger loads = new AtomicInteger();
    Object first;
    Object second;

    @Actor
    public void actor1() {
      first = load(f, loads);
    }

    @Actor
    public void actor2() {
      second = load(f, loads);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      r.r1 = loads.get(); r.r2 = first == second; r.r3 = f.cache.get(1) == first;
    }
  }

  /** LRU+TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(LoadLoadTest.class)
  @State
  public static class LruTtl {
    final Fixture f = Fixture.of(Policy.LRU_TTL, 2);
    final AtomicInteger loads = new AtomicInteger();
    Object first;
    Object second;

    @Actor
    public void actor1() {
      first = load(f, loads);
    }

    @Actor
    public void actor2() {
      second = load(f, loads);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      r.r1 = loads.get(); r.r2 = first == second; r.r3 = f.cache.get(1) == first;
    }
  }
}
