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
 * ADAPTIVE's lock-free hit vs the eviction of the entry it reads: one actor reads key 1 (first
 * noting whether key 1's eviction was already reported) while another inserts a new key into the
 * full cache. The read may return the value or miss, but never returns a value whose removal was
 * reported before it started; key 1 leaves at most once, and the size stays at the capacity.
 * Observed: (eviction of 1 reported before the get, what the get returned, key 1's fate at the
 * end, size/SIZE evictions at the end). Fates: {@code mapped} (no report), {@code evicted} (one
 * SIZE report, no longer mapped), anything else is wrong.
 */
public final class AdaptiveHitEvictTest {
  private AdaptiveHitEvictTest() {}

  static void read(Fixture f, LLLL_Result r) {
    r.r1 = f.count(1, RemovalCause.SIZE) > 0;
    r.r2 = f.cache.get(1);
  }

  static void observe(Fixture f, LLLL_Result r) {
    r.r3 = fate(f.cache.containsKey(1), f.count(1), f.count(1, RemovalCause.SIZE));
    r.r4 = f.cache.size() + "/" + f.count(RemovalCause.SIZE);
  }

  /**
   * Names what became of a key: {@code mapped} (no report), {@code evicted} (not mapped, one SIZE
   * report), otherwise whether it is mapped and how many reports it had.
   */
  static String fate(boolean mapped, int reports, int sizeReports) {
    if (mapped && reports == 0) {
      return "mapped";
    }
    if (!mapped && reports == 1 && sizeReports == 1) {
      return "evicted";
    }
    return (mapped ? "mapped+" : "gone+") + reports;
  }

  /**
   * Capacity 1 holding {1}; actor 2 inserts key 2, which must evict key 1 (the only other entry).
   */
  @JCStressTest
  @Outcome(id = "false, 1, evicted, 1/1", expect = ACCEPTABLE, desc = "get before the eviction")
  @Outcome(id = "false, null, evicted, 1/1", expect = ACCEPTABLE, desc = "get after the eviction")
  @Outcome(
      id = "true, null, evicted, 1/1",
      expect = ACCEPTABLE,
      desc = "eviction reported, then the get missed")
  @Outcome(expect = FORBIDDEN, desc = "a reported entry returned, evicted twice or never, overfull")
  @State
  public static class One {
    final Fixture f = Fixture.of(Policy.ADAPTIVE, 1);

    public One() {
      f.cache.put(1, 1);
    }

    @Actor
    public void actor1(LLLL_Result r) {
      read(f, r);
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

  /**
   * Capacity 2 holding {1, 2}; actor 2 inserts key 3, which evicts key 1 or key 2 (the policy's
   * choice). A get that missed must have followed key 1's eviction.
   */
  @JCStressTest
  @Outcome(id = "false, 1, mapped, 2/1", expect = ACCEPTABLE, desc = "2 evicted, get hit")
  @Outcome(id = "false, 1, evicted, 2/1", expect = ACCEPTABLE, desc = "get, then 1 evicted")
  @Outcome(id = "false, null, evicted, 2/1", expect = ACCEPTABLE, desc = "1 evicted, get missed")
  @Outcome(
      id = "true, null, evicted, 2/1",
      expect = ACCEPTABLE,
      desc = "eviction of 1 reported, then the get missed")
  @Outcome(expect = FORBIDDEN, desc = "a miss on a mapped key, a reported entry returned, overfull")
  @State
  public static class Two {
    final Fixture f = Fixture.of(Policy.ADAPTIVE, 2);

    public Two() {
      f.cache.put(1, 1);
      f.cache.put(2, 2);
    }

    @Actor
    public void actor1(LLLL_Result r) {
      read(f, r);
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
