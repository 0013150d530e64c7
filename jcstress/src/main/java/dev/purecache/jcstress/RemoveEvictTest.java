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
 * remove vs eviction of the same key: capacity 2 holding {1, 2} (1 the victim); one actor removes
 * key 1 while another inserts key 3. Key 1 leaves exactly once with one cause: EXPLICIT if the
 * remove came first (it returns the value), SIZE if the insert evicted it (the remove returns
 * null). Observed: (what remove returned, cause reported for key 1, reports for key 1, size).
 */
@Outcome(id = "1, EXPLICIT, 1, 2", expect = ACCEPTABLE, desc = "remove first; the insert found room")
@Outcome(id = "null, SIZE, 1, 2", expect = ACCEPTABLE, desc = "the insert evicted 1; the remove missed")
@Outcome(expect = FORBIDDEN, desc = "key 1 reported twice, never, or with a wrong cause")
public final class RemoveEvictTest {
  private RemoveEvictTest() {}

  static void fill(Fixture f) {
    f.cache.put(1, 1);
    f.cache.put(2, 2);
  }

  static void observe(Fixture f, LLLL_Result r) {
    Object cause = "none";
    for (RemovalCause c : RemovalCause.values()) {
      if (f.count(1, c) > 0) {
        cause = c;
      }
    }
    r.r2 = cause;
    r.r3 = f.count(1);
    r.r4 = f.cache.size();
  }

  /** LRU, capacity 2. */
  @JCStressTest
  @JCStressMeta(RemoveEvictTest.class)
  @State
  public static class Lru {
    final Fixture f = Fixture.of(Policy.LRU, 2);

    public Lru() {
      fill(f);
    }

    @Actor
    public void actor1(LLLL_Result r) {
      r.r1 = f.cache.remove(1);
    }

    @Actor
    public void actor2() {
      f.cache.put(3, 3);
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
      observe(f, r);
    }
  }

  /** LFU, capacity 2. */
  @JCStressTest
  @JCStressMeta(RemoveEvictTest.class)
  @State
  public static class Lfu {
    final Fixture f = Fixture.of(Policy.LFU, 2);

    public Lfu() {
      fill(f);
    }

    @Actor
    public void actor1(LLLL_Result r) {
      r.r1 = f.cache.remove(1);
    }

    @Actor
    public void actor2() {
      f.cache.put(3, 3);
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
      observe(f, r);
    }
  }

  /** TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(RemoveEvictTest.class)
  @State
  public static class Ttl {
    final Fixture f = Fixture.of(Policy.TTL, 2);

    public Ttl() {
      fill(f);
    }

    @Actor
    public void actor1(LLLL_Result r) {
      r.r1 = f.cache.remove(1);
    }

    @Actor
    public void actor2() {
      f.cache.put(3, 3);
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
      observe(f, r);
    }
  }

  /** LRU+TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(RemoveEvictTest.class)
  @State
  public static class LruTtl {
    final Fixture f = Fixture.of(Policy.LRU_TTL, 2);

    public LruTtl() {
      fill(f);
    }

    @Actor
    public void actor1(LLLL_Result r) {
      r.r1 = f.cache.remove(1);
    }

    @Actor
    public void actor2() {
      f.cache.put(3, 3);
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
      observe(f, r);
    }
  }
}
