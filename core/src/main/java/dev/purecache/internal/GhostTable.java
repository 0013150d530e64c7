package dev.purecache.internal;

/**
 * The ghost table of an {@link AdaptivePolicy}: keys recently evicted from a stripe, each
 * remembered by a fingerprint of its hash, which queue it left and when, so that a miss on one of
 * them can move the window's target (see the policy's description).
 *
 * <p>One {@code int} slot per {@link #ENTRIES_PER_SLOT} entries of the stripe (1 byte per cached
 * entry), rounded up to a multiple of {@link #WAYS}, in buckets of {@link #WAYS} slots. A mix of
 * the key hash picks the bucket by its high 32 bits (a multiply-shift, so the table needs no
 * power-of-two size) and gives a 15-bit fingerprint, never 0, by its low bits. A slot holds the
 * fingerprint (high 15 bits), {@link #TRIAL_VICTIM} if the key was evicted for a candidate
 * admitted on trial, the kind ({@link #MAIN_GHOST} if the key left the main space) and a 15-bit
 * tick of the kind's clock when the key left: misses for the window, evictions for the main space.
 * Clocks are shifted right by {@link #tickShift} so that {@code 8 * entries} ticks fit: ticks are
 * exact up to 4,096 entries, then counted in steps of {@code 2^tickShift}, under {@code entries /
 * 4,096}. An empty slot is 0.
 *
 * <p>A ghost is <em>stale</em> when its age on its clock exceeds its kind's limit (given by the
 * policy with every call, in unshifted ticks) or half the tick range. A new ghost takes its
 * bucket's first slot that is empty, holds the same fingerprint or a stale ghost; else the slot
 * of the oldest ghost of its own kind; else the slot {@code misses mod WAYS}. A miss looks up its
 * bucket and clears a ghost with its fingerprint, stale or not. Both are O(1).
 */
final class GhostTable {
  /** The bits of a ghost's tick, the low bits of its slot. */
  static final int TICK_BITS = 15;

  /** The mask of a ghost's tick. */
  static final int TICK_MASK = (1 << TICK_BITS) - 1;

  /** A ghost's kind bit, above its tick: set if the key left the main space. */
  static final int MAIN_GHOST = 1 << TICK_BITS;

  /** A ghost's kind bit when the key was rejected from the window: clear. */
  static final int WINDOW_GHOST = 0;

  /** A main ghost's flag, above its kind: set if its key made room for a candidate on trial. */
  static final int TRIAL_VICTIM = MAIN_GHOST << 1;

  /** The shift of a ghost's fingerprint, the high 15 bits of its slot. */
  static final int FINGERPRINT_SHIFT = 17;

  /** What {@link #miss} returns for a live window ghost. */
  static final int REJECTED = 1;

  /** What {@link #miss} returns for no ghost, or a stale one. */
  static final int NO_GHOST = 0;

  /** What {@link #miss} returns for a live main ghost. */
  static final int EVICTED = -1;

  /** What {@link #miss} returns for a live main ghost evicted for a candidate on trial. */
  static final int EVICTED_FOR_TRIAL = -2;

  /**
   * Entries of the stripe per slot. Live ghosts are far fewer than the entries while the window
   * is small (see {@link AdaptivePolicy}); a full bucket gives up its oldest ghost of the kind.
   */
  static final int ENTRIES_PER_SLOT = 4;

  /** Slots per bucket. */
  static final int WAYS = 4;

  /** The greatest age a ghost can have and still be live, in shifted ticks: half the range. */
  static final int MAX_LIVE_AGE = 1 << (TICK_BITS - 1);

  /** The seed of the table's mix of a key hash. */
  static final long SEED = 0x632BE59BD9B4E019L;

  private final int[] slots;
  /** Ticks are clocks shifted right by this, so that ages up to 8 times the entries fit. */
  private final int tickShift;
  /** The window's clock: misses. */
  private int misses;
  /** The main space's clock: evictions from probation or protected. */
  private int mainEvictions;

  /** Creates an empty table for a stripe of {@code entries} entries, its clocks at 0. */
  GhostTable(int entries) {
    long wanted = ((long) entries + ENTRIES_PER_SLOT - 1) / ENTRIES_PER_SLOT;
    this.slots = new int[(int) Math.max(WAYS, (wanted + WAYS - 1) / WAYS * WAYS)];
    this.tickShift = tickShift(entries);
  }

  /** Creates an empty table for {@code entries} entries, its clocks going on from another's. */
  GhostTable(int entries, GhostTable previous) {
    this(entries);
    this.misses = previous.misses;
    this.mainEvictions = previous.mainEvictions;
  }

  /** The shift of the clocks that keeps ages up to {@code 8 * entries} within the tick's bits. */
  static int tickShift(int entries) {
    int bits = 64 - Long.numberOfLeadingZeros(8L * Math.max(1, entries) - 1);
    return Math.max(0, bits - TICK_BITS);
  }

  /** A key hash's mix: its high 32 bits pick the bucket, its low 16 the fingerprint. */
  static long mix(int hash) {
    long z = (hash + SEED) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 29);
  }

  /** A ghost's fingerprint from its mix: its low 15 bits, never 0 (an empty slot). */
  static int fingerprint(long mix) {
    int fingerprint = (int) mix & 0x7FFF;
    return fingerprint == 0 ? 1 : fingerprint;
  }

  /** The first slot of the bucket of a mix in a table of {@code length} slots. */
  static int bucket(long mix, int length) {
    return (int) (((mix >>> 32) * (length / WAYS)) >>> 32) * WAYS;
  }

  /**
   * Counts a miss on the window's clock and looks up {@code hash}: a ghost with its fingerprint is
   * cleared. Returns {@link #REJECTED} if that ghost was a live window ghost, {@link #EVICTED} or
   * {@link #EVICTED_FOR_TRIAL} if a live main ghost, else {@link #NO_GHOST}. The limits are the
   * greatest live ages of window and main ghosts, in misses and evictions.
   */
  int miss(int hash, long windowLimit, long mainLimit) {
    misses++;
    long mix = mix(hash);
    int fingerprint = fingerprint(mix);
    int base = bucket(mix, slots.length);
    for (int i = base; i < base + WAYS; i++) {
      int ghost = slots[i];
      if (ghost != 0 && ghost >>> FINGERPRINT_SHIFT == fingerprint) {
        slots[i] = 0;
        if (isStale(ghost, windowLimit, mainLimit)) {
          return NO_GHOST;
        }
        if ((ghost & MAIN_GHOST) == 0) {
          return REJECTED;
        }
        return (ghost & TRIAL_VICTIM) == 0 ? EVICTED : EVICTED_FOR_TRIAL;
      }
    }
    return NO_GHOST;
  }

  /** Remembers a key the window rejected, at the window's clock; limits as for {@link #miss}. */
  void rememberRejected(int hash, long windowLimit, long mainLimit) {
    remember(hash, WINDOW_GHOST, misses, windowLimit, mainLimit);
  }

  /**
   * Counts an eviction from the main space and remembers its key, flagged with {@link
   * #TRIAL_VICTIM} if it made room for a candidate admitted on trial; limits as for {@link #miss}.
   */
  void rememberEvicted(int hash, boolean forTrial, long windowLimit, long mainLimit) {
    int kind = forTrial ? MAIN_GHOST | TRIAL_VICTIM : MAIN_GHOST;
    remember(hash, kind, ++mainEvictions, windowLimit, mainLimit);
  }

  /** Remembers a ghost of {@code kind} (its kind bit and flags) at {@code clock}. */
  private void remember(int hash, int kind, int clock, long windowLimit, long mainLimit) {
    long mix = mix(hash);
    int fingerprint = fingerprint(mix);
    int base = bucket(mix, slots.length);
    int chosen = -1;
    int oldestAge = -1;
    for (int i = base; i < base + WAYS; i++) {
      int ghost = slots[i];
      if (ghost == 0
          || ghost >>> FINGERPRINT_SHIFT == fingerprint
          || isStale(ghost, windowLimit, mainLimit)) {
        chosen = i;
        break;
      }
      if ((ghost & MAIN_GHOST) == (kind & MAIN_GHOST)) {
        int age = age(ghost);
        if (age > oldestAge) {
          oldestAge = age;
          chosen = i;
        }
      }
    }
    if (chosen < 0) {
      chosen = base + (misses & (WAYS - 1));
    }
    slots[chosen] = fingerprint << FINGERPRINT_SHIFT | kind | ((clock >>> tickShift) & TICK_MASK);
  }

  /** A ghost's age on its kind's clock, in shifted ticks. */
  private int age(int ghost) {
    int clock = (ghost & MAIN_GHOST) == 0 ? misses : mainEvictions;
    return ((clock >>> tickShift) - ghost) & TICK_MASK;
  }

  /** Whether a ghost is older than its kind's limit, or than half the tick range. */
  private boolean isStale(int ghost, long windowLimit, long mainLimit) {
    long limit = (ghost & MAIN_GHOST) == 0 ? windowLimit : mainLimit;
    return age(ghost) > Math.min(limit >>> tickShift, MAX_LIVE_AGE);
  }
}
