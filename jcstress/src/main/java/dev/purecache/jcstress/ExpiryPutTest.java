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
import org.openjdk.jcstress.infra.results.LLL_Result;

/**
 * put vs expiry of the same key: key 1 written at time 0 (time to live 10), time at 5; one actor
 * moves the time to 10 (the old value's deadline) while another puts a new value. The new value
 * stays (its deadline is 15 or 20), and the old one is reported once: REPLACED if the put came
 * first, EXPIRED otherwise. Observed: (value in the cache at time 10, cause reported for the old
 * value, reports of the old value).
 */
@Outcome(id = "2, REPLACED, 1", expect = ACCEPTABLE, desc = "the put replaced the live value")
@Outcome(id = "2, EXPIRED, 1", expect = ACCEPTABLE, desc = "the old value expired first")
@Outcome(expect = FORBIDDEN, desc = "the new value lost, or the old one reported twice or never")
public final class ExpiryPutTest {
  private ExpiryPutTest() {}

  static void write(Fixture f) {
    f.cache.put(1, 1);
    f.setTime(Fixture.TTL_NANOS / 2);
  }

  static void observe(Fixture f, LLL_Result r) {
    r.r1 = f.cache.get(1);
    f.cache.cleanUp();
    int reports = 0;
    Object cause = "none";
    for (RemovalCause c : RemovalCause.values()) {
      int n = f.countValue(1, c);
      if (n > 0) {
        cause = c;
        reports += n;
      }
    }
    r.r2 = cause;
    r.r3 = reports;
  }

  /** TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(ExpiryPutTest.class)
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
    public void actor2() {
      f.cache.put(1, 2);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      observe(f, r);
    }
  }

  /** LRU+TTL, capacity 2. */
  @JCStressTest
  @JCStressMeta(ExpiryPutTest.class)
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
    public void actor2() {
      f.cache.put(1, 2);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      observe(f, r);
    }
  }

  /** ADAPTIVE with a time to live, capacity 2. */
  @JCStressTest
  @JCStressMeta(ExpiryPutTest.class)
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
    public void actor2() {
      f.cache.put(1, 2);
    }

    @Arbiter
    public void arbiter(LLL_Result r) {
      observe(f, r);
    }
  }
}
