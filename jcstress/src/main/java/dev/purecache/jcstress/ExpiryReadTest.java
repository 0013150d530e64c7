package dev.purecache.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.purecache.Policy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * An entry at or past its deadline is never returned. Key 1 is written at time 0 (time to live
 * 10); one actor moves the time to 10, the deadline, while the other reads the time and then the
 * key. If the reader saw the deadline reached before its get started, the get must miss. Observed:
 * (deadline reached before the get, value the get returned).
 */
@Outcome(id = {"false, 1", "false, null"}, expect = ACCEPTABLE, desc = "the get started before the deadline: either value")
@Outcome(id = "true, null", expect = ACCEPTABLE, desc = "past the deadline: a miss")
@Outcome(expect = FORBIDDEN, desc = "an entry returned at or past its deadline")
public final class ExpiryReadTest {
  private ExpiryReadTest() {}

  static void write(Fixture f) {
    f.cache.put(1, 1);
  }

  /** TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(ExpiryReadTest.class)
  @State
  public static class Ttl {
    final Fixture f = Fixture.of(Policy.TTL, 2);

    public Ttl() {
      write(f);
    }

    @Actor
    public void actor1() {
      f.setTime(Fixture.TTL_NANOS);
    }

    @Actor
    public void actor2(LL_Result r) {
      r.r1 = f.time() >= Fixture.TTL_NANOS; r.r2 = f.cache.get(1);
    }
  }

  /** LRU+TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(ExpiryReadTest.class)
  @State
  public static class LruTtl {
    final Fixture f = Fixture.of(Policy.LRU_TTL, 2);

    public LruTtl() {
      write(f);
    }

    @Actor
    public void actor1() {
      f.setTime(Fixture.TTL_NANOS);
    }

    @Actor
    public void actor2(LL_Result r) {
      r.r1 = f.time() >= Fixture.TTL_NANOS; r.r2 = f.cache.get(1);
    }
  }

  /** ADAPTIVE with a time to live, capacity 2. */
  @JCStressTest
  @JCStressMeta(ExpiryReadTest.class)
  @State
  public static class AdaptiveTtl {
    final Fixture f = Fixture.expiring(Policy.ADAPTIVE, 2);

    public AdaptiveTtl() {
      write(f);
    }

    @Actor
    public void actor1() {
      f.setTime(Fixture.TTL_NANOS);
    }

    @Actor
    public void actor2(LL_Result r) {
      r.r1 = f.time() >= Fixture.TTL_NANOS; r.r2 = f.cache.get(1);
    }
  }
}
