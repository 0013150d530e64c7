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
 * Two changes of one mapped key's value under ADAPTIVE, at least one of them a lock-free replace:
 * capacity 2 holding {1: 0}. Every value stored must end either mapped or reported REPLACED,
 * exactly once: the first change replaces 0, the second replaces the first's value. Observed: (how
 * often values 0, 1 and 2 are mapped or reported REPLACED at the end, the value left).
 *
 * <p>{@link PutCompute} also accepts the outcome the map view documents for a put that lands while
 * an update of its key runs: the put overtakes the update, which stores nothing (its result 2 is
 * neither mapped nor reported), and the put replaces 0.
 */
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "2 replaced 0, then 1 replaced 2")
@Outcome(id = "1, 1, 1, 2", expect = ACCEPTABLE, desc = "1 replaced 0, then 2 replaced 1")
@Outcome(expect = FORBIDDEN, desc = "a value lost or reported twice")
public final class AdaptiveReplaceReplaceTest {
  private AdaptiveReplaceReplaceTest() {}

  static Fixture holdingZero() {
    Fixture f = Fixture.of(Policy.ADAPTIVE, 2);
    f.cache.put(1, 0);
    return f;
  }

  static void observe(Fixture f, LLLL_Result r) {
    Object left = f.cache.get(1);
    r.r1 = accounted(f, 0, left);
    r.r2 = accounted(f, 1, left);
    r.r3 = accounted(f, 2, left);
    r.r4 = f.cache.size() != 1 ? "size " + f.cache.size() : left;
  }

  /** How often {@code value} is mapped or was reported REPLACED. */
  static int accounted(Fixture f, int value, Object left) {
    int n = f.countValue(value, RemovalCause.REPLACED);
    return Integer.valueOf(value).equals(left) ? n + 1 : n;
  }

  /** put(1, 1) vs put(1, 2): two lock-free replaces of the same node. */
  @JCStressTest
  @JCStressMeta(AdaptiveReplaceReplaceTest.class)
  @State
  public static class PutPut {
    final Fixture f = holdingZero();

    @Actor
    public void actor1() {
      f.cache.put(1, 1);
    }

    @Actor
    public void actor2() {
      f.cache.put(1, 2);
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
      observe(f, r);
    }
  }

  /**
   * put(1, 1), a lock-free replace, vs the map view's compute(1, (k, v) -> 2), which changes the
   * value under the stripe lock.
   */
  @JCStressTest
  @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "2 replaced 0, then 1 replaced 2")
  @Outcome(id = "1, 1, 1, 2", expect = ACCEPTABLE, desc = "1 replaced 0, then 2 replaced 1")
  @Outcome(id = "1, 1, 0, 1", expect = ACCEPTABLE, desc = "the put overtook the update")
  @Outcome(expect = FORBIDDEN, desc = "a value lost or reported twice")
  @State
  public static class PutCompute {
    final Fixture f = holdingZero();

    @Actor
    public void actor1() {
      f.cache.put(1, 1);
    }

    @Actor
    public void actor2() {
      f.cache.asMap().compute(1, (k, v) -> 2);
    }

    @Arbiter
    public void arbiter(LLLL_Result r) {
      observe(f, r);
    }
  }
}
