package dev.purecache.benchmarks;

import java.util.SplittableRandom;

/**
 * A scrambled Zipfian key generator in the style of YCSB: ranks drawn from a Zipf distribution
 * (constant 0.99, the algorithm of Gray et al., "Quickly Generating Billion-Record Synthetic
 * Databases"), then spread over the key space with a 64-bit FNV-1a hash so the popular keys are
 * not neighbours.
 */
public final class ScrambledZipf {
  /** The Zipf constant YCSB uses. */
  public static final double THETA = 0.99;

  private final long items;
  private final double alpha;
  private final double zetan;
  private final double eta;
  private final double halfPowTheta;
  private final SplittableRandom random;

  /** Creates a generator of keys in {@code [0, items)} with YCSB's constant, {@link #THETA}. */
  public ScrambledZipf(long items, long seed) {
    this(items, THETA, seed);
  }

  /**
   * Creates a generator of keys in {@code [0, items)} with Zipf constant {@code theta}.
   *
   * @throws IllegalArgumentException if {@code items < 2} or {@code theta} is not in (0, 1)
   */
  public ScrambledZipf(long items, double theta, long seed) {
    if (items < 2) {
      throw new IllegalArgumentException("items must be >= 2: " + items);
    }
    if (!(theta > 0 && theta < 1)) {
      throw new IllegalArgumentException("theta must be in (0, 1): " + theta);
    }
    this.items = items;
    this.random = new SplittableRandom(seed);
    double zeta2 = zeta(2, theta);
    this.zetan = zeta(items, theta);
    this.alpha = 1.0 / (1.0 - theta);
    this.eta = (1 - Math.pow(2.0 / items, 1 - theta)) / (1 - zeta2 / zetan);
    this.halfPowTheta = 1 + Math.pow(0.5, theta);
  }

  private static double zeta(long n, double theta) {
    double sum = 0;
    for (long i = 1; i <= n; i++) {
      sum += 1 / Math.pow(i, theta);
    }
    return sum;
  }

  /** Returns the next Zipf rank in {@code [0, items)}: 0 is the most popular. */
  public long nextRank() {
    double u = random.nextDouble();
    double uz = u * zetan;
    if (uz < 1.0) {
      return 0;
    }
    if (uz < halfPowTheta) {
      return 1;
    }
    long rank = (long) (items * Math.pow(eta * u - eta + 1, alpha));
    return Math.min(rank, items - 1);
  }

  /** Returns the next key: a Zipf rank scrambled over {@code [0, items)}. */
  public long next() {
    return Math.floorMod(fnv1a64(nextRank()), items);
  }

  /** Returns {@code count} keys as boxed integers (one distinct object per key value). */
  public Integer[] keys(int count) {
    Integer[] keys = new Integer[count];
    for (int i = 0; i < count; i++) {
      keys[i] = (int) next();
    }
    return keys;
  }

  /** The 64-bit FNV-1a hash of the eight bytes of {@code value}, low byte first. */
  static long fnv1a64(long value) {
    long hash = 0xCBF29CE484222325L;
    for (int i = 0; i < 8; i++) {
      hash ^= value & 0xff;
      hash *= 0x100000001B3L;
      value >>>= 8;
    }
    return hash;
  }
}
