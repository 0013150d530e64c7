package dev.purecache.jcstress.broken;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The reads-vs-growth race of {@code dev.purecache.jcstress.TableResizeReadTest}, with the same
 * outcomes, against {@link RelinkingTable}: 256 keys (16 hash codes) fill its table, one actor
 * inserts one more, which doubles it, while the other reads the 256. Expected to fail with a forbidden outcome
 * (some misses, 257): a read missed a key mapped throughout.
 */
@JCStressTest
@Outcome(id = "0, 257", expect = ACCEPTABLE, desc = "every key held throughout was found")
@Outcome(expect = FORBIDDEN, desc = "a read missed a key mapped throughout, or a key was lost")
@State
public class BrokenTableResizeReadTest {
  private static final int KEYS = 256;

  final RelinkingTable table = new RelinkingTable();

  public BrokenTableResizeReadTest() {
    for (int k = 0; k < KEYS; k++) {
      table.put(k, k);
    }
  }

  @Actor
  public void reader(II_Result r) {
    int misses = 0;
    for (int k = 0; k < KEYS; k++) {
      Integer value = table.get(k);
      if (value == null || value != k) {
        misses++;
      }
    }
    r.r1 = misses;
  }

  @Actor
  public void writer() {
    table.put(KEYS, KEYS);
  }

  @Arbiter
  public void arbiter(II_Result r) {
    r.r2 = table.size();
  }
}
