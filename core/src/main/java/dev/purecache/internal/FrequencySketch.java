package dev.purecache.internal;

/**
 * A count-min sketch of 4-bit counters estimating how often each key hash was added recently
 * (TinyLFU's frequency histogram). Every addition increments four counters chosen by four
 * independent mixes of the hash; the estimate is the smallest of the four. After {@code
 * sampleSize} additions every counter is halved, so old popularity fades (TinyLFU's reset).
 *
 * <p>The table holds 16 counters per long and one long per cached entry (at least 8): 16 counters
 * (8 bytes) per entry, 4 per hash function. A counter's long is picked by a multiply-shift of the
 * mix, so the table needs no power-of-two length, and its nibble by the mix's top 4 bits.
 */
final class FrequencySketch {
  private static final long[] SEEDS = {
    0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L, 0xD6E8FEB86659FD93L
  };
  private static final long HALF_MASK = 0x7777_7777_7777_7777L;

  private final long[] table;
  private final int sampleSize;
  private int additions;

  /**
   * Creates a sketch for a cache of {@code capacity} entries that halves its counters after
   * {@code samplePerEntry * capacity} additions.
   */
  FrequencySketch(int capacity, int samplePerEntry) {
    table = new long[Math.max(8, capacity)];
    sampleSize = samplePerEntry * Math.max(1, capacity);
  }

  private static long mix(int hash, int row) {
    long z = (hash + SEEDS[row]) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 29);
  }

  /** The long of a row's counter: a multiply-shift of the mix's low 32 bits by the length. */
  private int index(long z) {
    return (int) (((z & 0xFFFF_FFFFL) * table.length) >>> 32);
  }

  /** Returns the estimated count of {@code hash}, 0 to 15. */
  int frequency(int hash) {
    int min = 15;
    for (int row = 0; row < 4; row++) {
      long z = mix(hash, row);
      int index = index(z);
      int shift = (int) (z >>> 60) << 2;
      min = Math.min(min, (int) (table[index] >>> shift) & 15);
    }
    return min;
  }

  /**
   * Adds one occurrence of {@code hash}; halves every counter after each sample. Returns whether
   * this addition ended a sample and halved the counters.
   */
  boolean increment(int hash) {
    for (int row = 0; row < 4; row++) {
      long z = mix(hash, row);
      int index = index(z);
      int shift = (int) (z >>> 60) << 2;
      if (((table[index] >>> shift) & 15) != 15) {
        table[index] += 1L << shift;
      }
    }
    if (++additions >= sampleSize) {
      for (int i = 0; i < table.length; i++) {
        table[i] = (table[i] >>> 1) & HALF_MASK;
      }
      additions = 0;
      return true;
    }
    return false;
  }

  /**
   * Raises each of {@code hash}'s four counters to at least {@code count} (at most 15), so that
   * its estimate is at least {@code count}; counts as no addition toward the sample.
   */
  void raiseTo(int hash, int count) {
    for (int row = 0; row < 4; row++) {
      long z = mix(hash, row);
      int index = index(z);
      int shift = (int) (z >>> 60) << 2;
      int current = (int) (table[index] >>> shift) & 15;
      if (current < count) {
        table[index] += (long) (Math.min(15, count) - current) << shift;
      }
    }
  }
}
