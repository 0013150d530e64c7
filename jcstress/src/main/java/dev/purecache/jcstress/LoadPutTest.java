package dev.purecache.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.purecache.Policy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * computeIfAbsent vs put of one missing key: the put's value stays, whatever the order; the
 * loader's caller gets the loaded value or, if the put came first, the put's. Observed: (value
 * left in the cache, what computeIfAbsent returned).
 */
@Outcome(id = "20, 10", expect = ACCEPTABLE, desc = "the load ran; the put won (during or after it)")
@Outcome(id = "20, 20", expect = ACCEPTABLE, desc = "the put came first; computeIfAbsent hit")
@Outcome(expect = FORBIDDEN, desc = "the loaded value was stored over the put")
public final class LoadPutTest {
  private LoadPutTest() {}

  /** LRU, capacity 2. */
  @JCStressTest
  @JCStressMeta(LoadPutTest.class)
  @State
  public static class Lru {
    final Fixture f = Fixture.of(Policy.LRU, 2);

    @Actor
    public void actor1(LL_Result r) {
      r.r2 = f.cache.computeIfAbsent(1, k -> 10);
    }

    @Actor
    public void actor2() {
      f.cache.put(1, 20);
    }

    @Arbiter
    public void arbiter(LL_Result r) {
      r.r1 = f.cache.get(1);
    }
  }

  /** LFU, capacity 2. */
  @JCStressTest
  @JCStressMeta(LoadPutTest.class)
  @State
  public static class Lfu {
    final Fixture f = Fixture.of(Policy.LFU, 2);

    @Actor
    public void actor1(LL_Result r) {
      r.r2 = f.cache.computeIfAbsent(1, k -> 10);
    }

    @Actor
    public void actor2() {
      f.cache.put(1, 20);
    }

    @Arbiter
    public void arbiter(LL_Result r) {
      r.r1 = f.cache.get(1);
    }
  }

  /** TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(LoadPutTest.class)
  @State
  public static class Ttl {
    final Fixture f = Fixture.of(Policy.TTL, 2);

    @Actor
    public void actor1(LL_Result r) {
      r.r2 = f.cache.computeIfAbsent(1, k -> 10);
    }

    @Actor
    public void actor2() {
      f.cache.put(1, 20);
    }

    @Arbiter
    public void arbiter(LL_Result r) {
      r.r1 = f.cache.get(1);
    }
  }

  /** LRU+TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(LoadPutTest.class)
  @State
  public static class LruTtl {
    final Fixture f = Fixture.of(Policy.LRU_TTL, 2);

    @Actor
    public void actor1(LL_Result r) {
      r.r2 = f.cache.computeIfAbsent(1, k -> 10);
    }

    @Actor
    public void actor2() {
      f.cache.put(1, 20);
    }

    @Arbiter
    public void arbiter(LL_Result r) {
      r.r1 = f.cache.get(1);
    }
  }
}
