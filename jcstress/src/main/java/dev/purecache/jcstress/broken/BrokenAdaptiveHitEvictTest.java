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
 * The hit-vs-eviction race of {@code dev.purecache.jcstress.AdaptiveHitEvictTest.One}, with the
 * same outcomes, against {@link UnmapAfterUnlockCache}: capacity 1 holding {1}, one actor notes
 * whether key 1's eviction was reported and then reads key 1, while another inserts key 2.
 * Expected to fail with the forbidden outcome (true, 1, ...): the read started after key 1's
 * eviction was reported and still returned its value.
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
public class BrokenAdaptiveHitEvictTest {
  final UnmapAfterUnlockCache cache = new UnmapAfterUnlockCache(1);

  public BrokenAdaptiveHitEvictTest() {
    cache.put(1, 1);
  }

  @Actor
  public void actor1(LLLL_Result r) {
    r.r1 = cache.evictions(1) > 0;
    r.r2 = cache.get(1);
  }

  @Actor
  public void actor2() {
    cache.put(2, 2);
  }

  @Arbiter
  public void arbiter(LLLL_Result r) {
    boolean mapped = cache.containsKey(1);
    int reports = cache.evictions(1);
    r.r3 = !mapped && reports == 1 ? "evicted" : (mapped ? "mapped+" : "gone+") + reports;
    r.r4 = cache.size() + "/" + cache.evictions();
  }
}
