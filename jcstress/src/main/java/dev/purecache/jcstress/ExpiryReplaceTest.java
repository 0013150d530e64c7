package dev.purecache.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.purecache.Policy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * A put of a live key (which TTL and LRU+TTL make without the lock) against a read at the old
 * value's deadline: value and write time must change together, and the put's write time must be
 * one the clock showed while it took effect. Key 1 is written at time 0 (time to live 10), time
 * at 5; one actor puts a new value, the other moves the time to 10 (the old value's deadline) and
 * reads the key. The arbiter reads at 15, the deadline of a put made at 5. Observed: (the actor's
 * read, the arbiter's read).
 */
@Outcome(id = "2, null", expect = ACCEPTABLE, desc = "the put took effect at 5, before the clock moved")
@Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "the put took effect at 10, before the read")
@Outcome(id = "null, 2", expect = ACCEPTABLE, desc = "the read found the old value expired, then the put inserted at 10")
@Outcome(id = "null, null", expect = FORBIDDEN, desc = "the put wrote at 5 but a read after the clock reached 10 missed it")
@Outcome(id = "1, .*", expect = FORBIDDEN, desc = "an expired value returned")
@Outcome(expect = FORBIDDEN, desc = "anything else")
public final class ExpiryReplaceTest {
  private ExpiryReplaceTest() {}

  static void write(Fixture f) {
    f.cache.put(1, 1);
    f.setTime(Fixture.TTL_NANOS / 2);
  }

  static Object readAtTheOldDeadline(Fixture f) {
    f.setTime(Fixture.TTL_NANOS);
    return f.cache.get(1);
  }

  static Object readAtTheNewDeadline(Fixture f) {
    f.setTime(Fixture.TTL_NANOS + Fixture.TTL_NANOS / 2);
    return f.cache.get(1);
  }

  /** TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(ExpiryReplaceTest.class)
  @State
  public static class Ttl {
    final Fixture f = Fixture.of(Policy.TTL, 2);

    public Ttl() {
      write(f);
    }

    @Actor
    public void putter() {
      f.cache.put(1, 2);
    }

    @Actor
    public void reader(LL_Result r) {
      r.r1 = readAtTheOldDeadline(f);
    }

    @Arbiter
    public void arbiter(LL_Result r) {
      r.r2 = readAtTheNewDeadline(f);
    }
  }

  /** LRU+TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(ExpiryReplaceTest.class)
  @State
  public static class LruTtl {
    final Fixture f = Fixture.of(Policy.LRU_TTL, 2);

    public LruTtl() {
      write(f);
    }

    @Actor
    public void putter() {
      f.cache.put(1, 2);
    }

    @Actor
    public void reader(LL_Result r) {
      r.r1 = readAtTheOldDeadline(f);
    }

    @Arbiter
    public void arbiter(LL_Result r) {
      r.r2 = readAtTheNewDeadline(f);
    }
  }

  /** ADAPTIVE with a time to live, capacity 2. */
  @JCStressTest
  @JCStressMeta(ExpiryReplaceTest.class)
  @State
  public static class AdaptiveTtl {
    final Fixture f = Fixture.expiring(Policy.ADAPTIVE, 2);

    public AdaptiveTtl() {
      write(f);
    }

    @Actor
    public void putter() {
      f.cache.put(1, 2);
    }

    @Actor
    public void reader(LL_Result r) {
      r.r1 = readAtTheOldDeadline(f);
    }

    @Arbiter
    public void arbiter(LL_Result r) {
      r.r2 = readAtTheNewDeadline(f);
    }
  }
}
