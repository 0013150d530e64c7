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
import org.openjdk.jcstress.infra.results.LLLL_Result;

/**
 * Two puts of new keys (1 and 2) into an empty cache of capacity 1: exactly one survives, size is
 * 1, and exactly one SIZE eviction is reported, of the other key. Observed: (surviving key, size,
 * SIZE reports, evicted key).
 */
@Outcome(id = "1, 1, 1, 2", expect = ACCEPTABLE, desc = "2 was put first and evicted by 1")
@Outcome(id = "2, 1, 1, 1", expect = ACCEPTABLE, desc = "1 was put first and evicted by 2")
@Outcome(expect = FORBIDDEN, desc = "the bound broken, or an eviction lost or doubled")
public final class FullPutPutTest {
  private FullPutPutTest() {}

  static void observe(Fixture f, LLLL_Result r) {
    boolean has1 = f.cache.containsKey(1);
    boolean has2 = f.cache.containsKey(2);
    r.r1 = has1 && !has2 ? "1" : has2 && !has1 ? "2" : has1 ? "both" : "none";
    r.r2 = f.cache.size();
    r.r3 = f.count(RemovalCause.SIZE);
    Fixture.Removal evicted = f.only(RemovalCause.SIZE);
    r.r4 = evicted == null ? "?" : evicted.key();
  }

  /** LRU, capacity 1. */
  @JCStressTest
  @JCStressMeta(FullPutPutTest.class)
  @State
  public static class Lru {
    final Fixture f = Fixture.of(Policy.LRU, 1);

    @Actor
    public void actor1() {
      f.cache.put(1, 1);
    }

    @Actor
    public void actor2() {
      f.cache.put(2, 2);
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
      observe(f, r);
    }
  }

  /** LFU, capacity 1. */
  @JCStressTest
  @JCStressMeta(FullPutPutTest.class)
  @State
  public static class Lfu {
    final Fixture f = Fixture.of(Policy.LFU, 1);

    @Actor
    public void actor1() {
      f.cache.put(1, 1);
    }

    @Actor
    public void actor2() {
      f.cache.put(2, 2);
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
      observe(f, r);
    }
  }

  /** TTL, capacity 1. */
  @JCStressTest
  @JCStressMeta(FullPutPutTest.class)
  @State
  public static class Ttl {
    final Fixture f = Fixture.of(Policy.TTL, 1);

    @Actor
    public void actor1() {
      f.cache.put(1, 1);
    }

    @Actor
    public void actor2() {
      f.cache.put(2, 2);
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
      observe(f, r);
    }
  }

  /** LRU+TTL, capacity 1. */
  @JCStressTest
  @JCStressMeta(FullPutPutTest.class)
  @State
  public static class LruTtl {
    final Fixture f = Fixture.of(Policy.LRU_TTL, 1);

    @Actor
    public void actor1() {
      f.cache.put(1, 1);
    }

    @Actor
    public void actor2() {
      f.cache.put(2, 2);
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
      observe(f, r);
    }
  }
}
