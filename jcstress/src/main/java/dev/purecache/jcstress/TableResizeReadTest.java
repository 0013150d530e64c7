package dev.purecache.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.purecache.Policy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Lock-free reads vs the growth of the table that holds the entries: a cache of one stripe holds
 * {@link #KEYS} keys, as many as its table has buckets, so that one actor's insert of one more
 * key doubles the table and relinks every entry, while the other actor reads every key held from
 * the start. The keys share {@link #HASH_CODES} hash codes, so they sit in chains of 16 that the
 * doubling rewrites while the reads walk them. No read may miss: those keys were mapped
 * throughout. Observed: (the reads that missed, the size at the end).
 */
public final class TableResizeReadTest {
  /** The keys held from the start: a power of two, the table's length before the insert. */
  public static final int KEYS = 256;

  /** How many distinct hash codes the keys have. */
  public static final int HASH_CODES = 16;

  /** A key whose hash code it shares with every 16th other key. */
  record Key(int id) {
    @Override
    public int hashCode() {
      return id % HASH_CODES;
    }
  }

  private TableResizeReadTest() {}

  /** Fills a cache of one stripe (capacity up to 1,024) with keys 0 to {@link #KEYS} - 1. */
  static Fixture filled(Policy policy) {
    Fixture f = Fixture.of(policy, 4 * KEYS);
    for (int k = 0; k < KEYS; k++) {
      f.cache.put(new Key(k), k);
    }
    return f;
  }

  /** Reads every key held from the start; returns how many reads missed or saw another value. */
  static int misses(Fixture f) {
    int misses = 0;
    for (int k = 0; k < KEYS; k++) {
      Object value = f.cache.get(new Key(k));
      if (value == null || (Integer) value != k) {
        misses++;
      }
    }
    return misses;
  }

  /** ADAPTIVE: a read is the table's lookup alone, with no stripe sequence to validate. */
  @JCStressTest
  @Outcome(id = "0, 257", expect = ACCEPTABLE, desc = "every key held throughout was found")
  @Outcome(expect = FORBIDDEN, desc = "a read missed a key mapped throughout, or a key was lost")
  @State
  public static class Adaptive {
    final Fixture f = filled(Policy.ADAPTIVE);

    @Actor
    public void reader(II_Result r) {
      r.r1 = misses(f);
    }

    @Actor
    public void writer() {
      f.cache.put(new Key(KEYS), KEYS);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = f.cache.size();
    }
  }

  /** LRU: a read validates against the stripe's sequence, which the insert's write makes odd. */
  @JCStressTest
  @Outcome(id = "0, 257", expect = ACCEPTABLE, desc = "every key held throughout was found")
  @Outcome(expect = FORBIDDEN, desc = "a read missed a key mapped throughout, or a key was lost")
  @State
  public static class Lru {
    final Fixture f = filled(Policy.LRU);

    @Actor
    public void reader(II_Result r) {
      r.r1 = misses(f);
    }

    @Actor
    public void writer() {
      f.cache.put(new Key(KEYS), KEYS);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = f.cache.size();
    }
  }
}
