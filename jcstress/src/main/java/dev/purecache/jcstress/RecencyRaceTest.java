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
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * The recency race: capacity 2 holding {1, 2} (1 the victim), one actor reads key 1 while another
 * inserts key 3. Either the read came first (it saw the value and made 1 recently used or more
 * frequent, so 2 is evicted) or the insert did (1 is evicted and the read sees null). A read that
 * saw the value while 1 was evicted anyway lost its effect on eviction order. Observed: (value
 * read, key evicted).
 */
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "read first: 2 evicted")
@Outcome(id = "null, 1", expect = ACCEPTABLE, desc = "insert first: 1 evicted, read missed")
@Outcome(expect = FORBIDDEN, desc = "a read whose effect on eviction order was lost (or an impossible eviction)")
public final class RecencyRaceTest {
  private RecencyRaceTest() {}

  static void fill(Fixture f) {
    f.cache.put(1, 1);
    f.cache.put(2, 2);
  }

  static Object evictedKey(Fixture f) {
    Fixture.Removal evicted = f.only(RemovalCause.SIZE);
    return evicted == null ? "?" : evicted.key();
  }

  /** LRU, capacity 2. */
  @JCStressTest
  @JCStressMeta(RecencyRaceTest.class)
  @State
  public static class Lru {
    final Fixture f = Fixture.of(Policy.LRU, 2);

    public Lru() {
      fill(f);
    }

    @Actor
    public void actor1(LL_Result r) {
      r.r1 = f.cache.get(1);
    }

    @Actor
    public void actor2() {
      f.cache.put(3, 3);
    }

    @Arbiter
    public void arbiter(LL_Result r) {
      r.r2 = evictedKey(f);
    }
  }

  /** LFU, capacity 2. */
  @JCStressTest
  @JCStressMeta(RecencyRaceTest.class)
  @State
  public static class Lfu {
    final Fixture f = Fixture.of(Policy.LFU, 2);

    public Lfu() {
      fill(f);
    }

    @Actor
    public void actor1(LL_Result r) {
      r.r1 = f.cache.get(1);
    }

    @Actor
    public void actor2() {
      f.cache.put(3, 3);
    }

    @Arbiter
    public void arbiter(LL_Result r) {
      r.r2 = evictedKey(f);
    }
  }

  /** LRU+TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(RecencyRaceTest.class)
  @State
  public static class LruTtl {
    final Fixture f = Fixture.of(Policy.LRU_TTL, 2);

    public LruTtl() {
      fill(f);
    }

    @Actor
    public void actor1(LL_Result r) {
      r.r1 = f.cache.get(1);
    }

    @Actor
    public void actor2() {
      f.cache.put(3, 3);
    }

    @Arbiter
    public void arbiter(LL_Result r) {
      r.r2 = evictedKey(f);
    }
  }
}
