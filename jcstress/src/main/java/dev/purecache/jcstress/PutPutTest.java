package dev.purecache.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.purecache.Policy;
import dev.purecache.RemovalCause;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * put vs put of one key into an empty cache. Observed: (surviving value, value reported as
 * REPLACED, number of REPLACED reports). The survivor is one of the two values and the other one
 * is reported REPLACED exactly once.
 */
@Outcome(id = {"1, 2, 1", "2, 1, 1"}, expect = ACCEPTABLE, desc = "one wins, the other is replaced once")
@Outcome(expect = FORBIDDEN, desc = "a lost or doubly reported write")
public final class PutPutTest {
  private PutPutTest() {}

  static void put(Fixture f, int value) {
    f.cache.put(1, value);
  }

  static void observe(Fixture f, LLL_Result r) {
    r.r1 = f.cache.get(1);
    Fixture.Removal replaced = f.only(RemovalCause.REPLACED);
    r.r2 = replaced == null ? "none" : replaced.value();
    r.r3 = f.count(RemovalCause.REPLACED);
  }

  /** LRU, capacity 2. */
  @JCStressTest
  @JCStressMeta(PutPutTest.class)
  @State
  public static class Lru {
    final Fixture f = Fixture.of(Policy.LRU, 2);

    @Actor
    public void actor1() {
      put(f, 1);
    }

    @Actor
    public void actor2() {
      put(f, 2);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      observe(f, r);
    }
  }

  /** LFU, capacity 2. */
  @JCStressTest
  @JCStressMeta(PutPutTest.class)
  @State
  public static class Lfu {
    final Fixture f = Fixture.of(Policy.LFU, 2);

    @Actor
    public void actor1() {
      put(f, 1);
    }

    @Actor
    public void actor2() {
      put(f, 2);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      observe(f, r);
    }
  }

  /** TTL, capacity 2, time standing still. */
  @JCStressTest
  @JCStressMeta(PutPutTest.class)
  @State
  public static class Ttl {
    final Fixture f = Fixture.of(Policy.TTL, 2);

    @Actor
    public void actor1() {
      put(f, 1);
    }

    @Actor
    public void actor2() {
      put(f, 2);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      observe(f, r);
    }
  }

  /** LRU+TTL, capacity 2, time standing still. */
  @JCStressTest
  @JCStressMeta(PutPutTest.class)
  @State
  public static class LruTtl {
    final Fixture f = Fixture.of(Policy.LRU_TTL, 2);

    @Actor
    public void actor1() {
      put(f, 1);
    }

    @Actor
    public void actor2() {
      put(f, 2);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      observe(f, r);
    }
  }
}
