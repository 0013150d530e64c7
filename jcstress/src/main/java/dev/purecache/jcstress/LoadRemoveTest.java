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
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * computeIfAbsent vs remove of one missing key. Either the remove ran first (it returned null and
 * the loaded value stays) or it waited for the load (it returned the loaded value and nothing
 * stays); a loaded value that vanished although the remove returned null, or one that survived a
 * remove that returned it, is forbidden. Observed: (what remove returned, value left in the cache,
 * what computeIfAbsent returned).
 */
@Outcome(id = "null, 10, 10", expect = ACCEPTABLE, desc = "remove first; the load stored its value")
@Outcome(id = "10, null, 10", expect = ACCEPTABLE, desc = "remove waited for the load and removed its value")
@Outcome(expect = FORBIDDEN, desc = "not linearizable with the load")
public final class LoadRemoveTest {
  private LoadRemoveTest() {}

  /** LRU, capacity 2. */
  @JCStressTest
  @JCStressMeta(LoadRemoveTest.class)
  @State
  public static class Lru {
    final Fixture f = Fixture.of(Policy.LRU, 2);

    @Actor
    public void actor1(LLL_Result r) {
      r.r3 = f.cache.computeIfAbsent(1, k -> 10);
    }

    @Actor
    public void actor2(LLL_Result r) {
      r.r1 = f.cache.remove(1);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      r.r2 = f.cache.get(1);
    }
  }

  /** LFU, capacity 2. */
  @JCStressTest
  @JCStressMeta(LoadRemoveTest.class)
  @State
  public static class Lfu {
    final Fixture f = Fixture.of(Policy.LFU, 2);

    @Actor
    public void actor1(LLL_Result r) {
      r.r3 = f.cache.computeIfAbsent(1, k -> 10);
    }

    @Actor
    public void actor2(LLL_Result r) {
      r.r1 = f.cache.remove(1);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      r.r2 = f.cache.get(1);
    }
  }

  /** TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(LoadRemoveTest.class)
  @State
  public static class Ttl {
    final Fixture f = Fixture.of(Policy.TTL, 2);

    @Actor
    public void actor1(LLL_Result r) {
      r.r3 = f.cache.computeIfAbsent(1, k -> 10);
    }

    @Actor
    public void actor2(LLL_Result r) {
      r.r1 = f.cache.remove(1);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      r.r2 = f.cache.get(1);
    }
  }

  /** LRU+TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(LoadRemoveTest.class)
  @State
  public static class LruTtl {
    final Fixture f = Fixture.of(Policy.LRU_TTL, 2);

    @Actor
    public void actor1(LLL_Result r) {
      r.r3 = f.cache.computeIfAbsent(1, k -> 10);
    }

    @Actor
    public void actor2(LLL_Result r) {
      r.r1 = f.cache.remove(1);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      r.r2 = f.cache.get(1);
    }
  }
}
