package dev.purecache.jcstress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLL_Result;

/**
 * The replace-vs-replace race of {@code dev.purecache.jcstress.AdaptiveReplaceReplaceTest.PutPut},
 * with the same outcomes, against {@link UnlockedReplaceCache}, whose lock-free replace reads the
 * old value and then writes the new one: capacity 2 holding {1: 0}, two actors put {1: 1} and {1:
 * 2}. Expected to fail with the forbidden outcome (2, 1, 0, 1) or (2, 0, 1, 2): value 0 reported
 * replaced by both puts, and the losing value neither mapped nor reported.
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "2 replaced 0, then 1 replaced 2")
@Outcome(id = "1, 1, 1, 2", expect = ACCEPTABLE, desc = "1 replaced 0, then 2 replaced 1")
@Outcome(expect = FORBIDDEN, desc = "a value lost or reported twice")
@State
public class BrokenAdaptiveReplaceReplaceTest {
  final UnlockedReplaceCache cache = new UnlockedReplaceCache(2);

  public BrokenAdaptiveReplaceReplaceTest() {
    cache.put(1, 0);
  }

  @Actor
  public void actor1() {
    cache.put(1, 1);
  }

  @Actor
  public void actor2() {
    cache.put(1, 2);
  }

  @Arbiter
  public void arbiter(LLLL_Result r) {
    Integer left = cache.get(1);
    r.r1 = accounted(0, left);
    r.r2 = accounted(1, left);
    r.r3 = accounted(2, left);
    r.r4 = cache.size() != 1 ? "size " + cache.size() : left;
  }

  private int accounted(int value, Integer left) {
    int n = cache.reports(value);
    return Integer.valueOf(value).equals(left) ? n + 1 : n;
  }
}
