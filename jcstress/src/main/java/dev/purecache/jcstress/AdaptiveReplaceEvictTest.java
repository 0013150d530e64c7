package dev.purecache.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.purecache.Policy;
import dev.purecache.RemovalCause;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LLLL_Result;

/**
 * Removal listener exactly once under ADAPTIVE: capacity 1 holding {1: 1}; one actor replaces key
 * 1's value with 2 (a put of a mapped key, which runs without the lock), while another inserts
 * {2: 3}, which evicts whatever key 1 holds. Every value written must end either still mapped or
 * reported removed, exactly once. Observed: (how often value 1, 2 and 3 are mapped or reported at
 * the end, the key left). Either the replace came first (1 REPLACED, then {1: 2} evicted, key 2
 * left), or the insert did (1 evicted, then the put re-inserts {1: 2} and evicts {2: 3}, key 1
 * left).
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 2", expect = ACCEPTABLE, desc = "replace, then the insert evicted it")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "insert evicted 1, the put re-inserted it")
@Outcome(expect = FORBIDDEN, desc = "a value lost, reported twice, or the bound broken")
@State
public class AdaptiveReplaceEvictTest {
  final Fixture f = Fixture.of(Policy.ADAPTIVE, 1);

  public AdaptiveReplaceEvictTest() {
    f.cache.put(1, 1);
  }

  @Actor
  public void actor1() {
    f.cache.put(1, 2);
  }

  @Actor
  public void actor2() {
    f.cache.put(2, 3);
  }

  @Arbiter
  public void arbiter(LLLL_Result r) {
    Object one = f.cache.get(1);
    Object two = f.cache.get(2);
    r.r1 = accounted(f, 1, one, two);
    r.r2 = accounted(f, 2, one, two);
    r.r3 = accounted(f, 3, one, two);
    int size = f.cache.size();
    r.r4 = size != 1 ? "size " + size : one != null ? 1 : two != null ? 2 : "none";
  }

  /** How often {@code value} is mapped (to key 1 or 2) or was reported removed, any cause. */
  static int accounted(Fixture f, int value, Object one, Object two) {
    int n = 0;
    for (RemovalCause c : RemovalCause.values()) {
      n += f.countValue(value, c);
    }
    if (Integer.valueOf(value).equals(one)) {
      n++;
    }
    if (Integer.valueOf(value).equals(two)) {
      n++;
    }
    return n;
  }
}
