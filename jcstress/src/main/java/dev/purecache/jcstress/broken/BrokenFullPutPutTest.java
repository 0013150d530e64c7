package dev.purecache.jcstress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two puts of new keys into an empty cache of capacity 1, as in {@code
 * dev.purecache.jcstress.FullPutPutTest}, against {@link CheckThenLockCache}. Expected to fail
 * with the forbidden outcome (2, 0): both puts saw room before locking, so the cache holds two
 * entries and evicted nothing. Observed: (size, evictions).
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "one survives, one eviction")
@Outcome(expect = FORBIDDEN, desc = "the size bound broken")
@State
public class BrokenFullPutPutTest {
  final CheckThenLockCache cache = new CheckThenLockCache(1);

  @Actor
  public void actor1() {
    cache.put(1, 1);
  }

  @Actor
  public void actor2() {
    cache.put(2, 2);
  }

  @Arbiter
  public void arbiter(II_Result r) {
    r.r1 = cache.size();
    r.r2 = cache.evictions();
  }
}
