package dev.purecache.jcstress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * The recency race of {@code dev.purecache.jcstress.RecencyRaceTest}, with the same outcomes,
 * against {@link SplitReadLruCache}: capacity 2 holding {1, 2}, one actor reads key 1 while
 * another inserts key 3. Expected to fail with the forbidden outcome (1, 1): the read returned
 * the value, yet 1 was evicted because its recency was applied too late.
 */
@JCStressTest
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "read first: 2 evicted")
@Outcome(id = "null, 1", expect = ACCEPTABLE, desc = "insert first: 1 evicted, read missed")
@Outcome(expect = FORBIDDEN, desc = "a read whose effect on eviction order was lost")
@State
public class BrokenRecencyRaceTest {
  final SplitReadLruCache cache = new SplitReadLruCache(2);

  public BrokenRecencyRaceTest() {
    cache.put(1, 1);
    cache.put(2, 2);
  }

  @Actor
  public void actor1(LL_Result r) {
    r.r1 = cache.get(1);
  }

  @Actor
  public void actor2() {
    cache.put(3, 3);
  }

  @Arbiter
  public void arbiter(LL_Result r) {
    r.r2 = cache.evicted();
  }
}
