package dev.purecache.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.purecache.Policy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * put vs get of one key: the reader sees null or the whole value, every field as the writer's
 * constructor set it (the value is published safely). Observed: the reader's view of the value's
 * two fields, or (-1, -1) for null.
 */
@Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "get ran first: null")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "get saw the whole value")
@Outcome(expect = FORBIDDEN, desc = "a torn or partly constructed value")
public final class PutGetTest {
  private PutGetTest() {}

  /** A value with plain (non-final) fields, so only the cache's publication makes them visible. */
  static final class Pair {
    int a;
    int b;

    Pair(int a, int b) {
      this.a = a;
      this.b = b;
    }
  }

  static void read(Fixture f, II_Result r) {
    Pair p = (Pair) f.cache.get(1);
    r.r1 = p == null ? -1 : p.a;
    r.r2 = p == null ? -1 : p.b;
  }

  /** LRU, capacity 2. */
  @JCStressTest
  @JCStressMeta(PutGetTest.class)
  @State
  public static class Lru {
    final Fixture f = Fixture.of(Policy.LRU, 2);

    @Actor
    public void actor1(II_Result r) {
      read(f, r);
    }

    @Actor
    public void actor2() {
      f.cache.put(1, new Pair(1, 2));
    }
  }

  /** LFU, capacity 2. */
  @JCStressTest
  @JCStressMeta(PutGetTest.class)
  @State
  public static class Lfu {
    final Fixture f = Fixture.of(Policy.LFU, 2);

    @Actor
    public void actor1(II_Result r) {
      read(f, r);
    }

    @Actor
    public void actor2() {
      f.cache.put(1, new Pair(1, 2));
    }
  }

  /** TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(PutGetTest.class)
  @State
  public static class Ttl {
    final Fixture f = Fixture.of(Policy.TTL, 2);

    @Actor
    public void actor1(II_Result r) {
      read(f, r);
    }

    @Actor
    public void actor2() {
      f.cache.put(1, new Pair(1, 2));
    }
  }

  /** LRU+TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(PutGetTest.class)
  @State
  public static class LruTtl {
    final Fixture f = Fixture.of(Policy.LRU_TTL, 2);

    @Actor
    public void actor1(II_Result r) {
      read(f, r);
    }

    @Actor
    public void actor2() {
      f.cache.put(1, new Pair(1, 2));
    }
  }
}
