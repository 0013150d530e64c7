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
 * The replace-vs-eviction race of {@code dev.purecache.jcstress.AdaptiveReplaceEvictTest}, with
 * the same outcomes, against {@link UnlockedReplaceCache}: capacity 1 holding {1: 1}, one actor
 * puts {1: 2} while another inserts {2: 3}. Expected to fail with the forbidden outcome (2, 0, 1,
 * 2): value 1 reported twice (evicted, then replaced), value 2 written into an evicted node and
 * lost.
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 2", expect = ACCEPTABLE, desc = "replace, then the insert evicted it")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "insert evicted 1, the put re-inserted it")
@Outcome(expect = FORBIDDEN, desc = "a value lost, reported twice, or the bound broken")
@State
public class BrokenAdaptiveReplaceEvictTest {
  final UnlockedReplaceCache cache = new UnlockedReplaceCache(1);

  public BrokenAdaptiveReplaceEvictTest() {
    cache.put(1, 1);
  }

  @Actor
  public void actor1() {
    cache.put(1, 2);
  }

  @Actor
  public void actor2() {
    cache.put(2, 3);
  }

  @Arbiter
  public void arbiter(LLLL_Result r) {
    Integer one = cache.get(1);
    Integer two = cache.get(2);
    r.r1 = accounted(1, one, two);
    r.r2 = accounted(2, one, two);
    r.r3 = accounted(3, one, two);
    int size = cache.size();
    r.r4 = size != 1 ? "size " + size : one != null ? 1 : two != null ? 2 : "none";
  }

  private int accounted(int value, Integer one, Integer two) {
    int n = cache.reports(value);
    if (Integer.valueOf(value).equals(one)) {
      n++;
    }
    if (Integer.valueOf(value).equals(two)) {
      n++;
    }
    return n;
  }
}
