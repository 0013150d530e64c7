package dev.purecache.internal;

/**
 * A hierarchical timer wheel of nodes with deadlines of their own (per-entry expiry): one per
 * stripe, used only under the stripe's lock. O(1) to schedule, reschedule and remove; advancing
 * the clock costs O(1) amortised per node (each node moves down at most once per level) plus the
 * buckets the clock passes.
 *
 * <h2>Implementation overview</h2>
 *
 * Times are kept relative to {@link #origin}, the ticker's reading when the wheel was made, so
 * that they are non-negative for the cache's life whatever the ticker's origin. {@link #LEVELS}
 * levels of {@link #BUCKETS} buckets each: a bucket of level {@code i} spans {@code 2^(20 + 6i)}
 * nanoseconds (about 1 ms, 67 ms, 4.3 s, 4.6 min and 4.9 h), so a level spans one bucket of the
 * level above. Bucket {@code c} of a level (its counter, the deadline shifted right by the level's
 * shift) sits at index {@code c mod 64}.
 *
 * <p>A node with a deadline after the wheel's time goes to the lowest level whose span, around
 * the wheel's time, holds the deadline: the level where both share a bucket of the level above.
 * Deadlines beyond the top level's span wait in an overflow bucket, looked through again each
 * time the clock enters a new top-level span (every 2^50 ns, about 13 days). A node whose deadline
 * is not after the wheel's time goes to the due bucket.
 *
 * <p>{@link #advance} moves the clock to {@code now}: at every level, top first, each bucket the
 * clock reached since the last advance is emptied and its nodes placed again, which moves them
 * down a level or to the due bucket. A bucket of level 0 the clock is inside of holds deadlines
 * both before and after {@code now}; it is looked through only once {@code now} reaches a lower
 * bound of its deadlines ({@link #level0Min}), and keeps those not yet due. So after an advance
 * to {@code now}, the due bucket holds exactly the nodes whose deadline is at or before {@code
 * now}, which {@link #expired} hands out one by one: expirations are exact, not rounded to a
 * bucket.
 *
 * <p>A hit may move a node's deadline without the lock (see {@link
 * EvictionPolicy#onRead}) before its buffered hit reschedules it; every placement reads
 * the node's deadline afresh, and {@link #expired} checks it once more, so a node is never handed
 * out before its current deadline.
 */
final class TimerWheel<K, V> {
  /** The bucket of a node in no bucket. */
  static final int NONE = -1;

  static final int LEVELS = 5;
  static final int BITS = 6;
  static final int BUCKETS = 1 << BITS;
  private static final int MASK = BUCKETS - 1;

  /** log2 of the span of a level-0 bucket: 2^20 ns, about a millisecond. */
  static final int FIRST_SHIFT = 20;

  /** log2 of the span of the whole wheel: deadlines beyond wait in {@link #OVERFLOW}. */
  private static final int TOP_SHIFT = FIRST_SHIFT + BITS * LEVELS;

  private static final int OVERFLOW = LEVELS * BUCKETS;
  private static final int DUE = OVERFLOW + 1;

  private final long origin;
  private final WheelNode<K, V>[] heads;
  /** For each level-0 bucket, a lower bound of its nodes' deadlines (relative). */
  private final long[] level0Min = new long[BUCKETS];
  /** The wheel's time, relative to {@link #origin}: the latest time it advanced to. */
  private long time;
  private int size;

  @SuppressWarnings("unchecked")
  TimerWheel(long origin) {
    this.origin = origin;
    this.heads = (WheelNode<K, V>[]) new WheelNode<?, ?>[DUE + 1];
    java.util.Arrays.fill(level0Min, Long.MAX_VALUE);
  }

  /** Adds a node that is in no bucket. */
  void schedule(WheelNode<K, V> node) {
    assert node.bucket == NONE;
    place(node);
    size++;
  }

  /** Moves a scheduled node to the bucket of its current deadline. */
  void reschedule(WheelNode<K, V> node) {
    if (node.bucket != NONE) {
      unlink(node);
      place(node);
    }
  }

  /** Removes a node from the wheel; nothing if it is in no bucket. */
  void remove(WheelNode<K, V> node) {
    if (node.bucket != NONE) {
      unlink(node);
      size--;
    }
  }

  /** Returns the number of scheduled nodes. */
  int size() {
    return size;
  }

  /**
   * Advances to {@code now} and returns a scheduled node whose deadline is at or before {@code
   * now}, or null if there is none. The node stays scheduled: the caller removes it. A {@code now}
   * before the wheel's time (read by a thread that took the lock after another that read the
   * clock later) advances nothing and hands out only nodes due at {@code now}.
   */
  WheelNode<K, V> expired(long now) {
    advance(now);
    for (WheelNode<K, V> node = heads[DUE]; node != null; ) {
      WheelNode<K, V> next = node.wheelNext;
      if (ExpiryRule.isPastDeadline(node, now)) {
        return node;
      }
      if (node.deadline() - origin > time) { // moved on since it fell due (a hit's, not drained)
        unlink(node);
        place(node);
      } // else due at the wheel's time but not at {@code now}: a caller read the clock earlier
      node = next;
    }
    return null;
  }

  /**
   * Returns a lower bound of the nanoseconds from {@code now} until the next deadline: 0 if a node
   * is due, {@link Long#MAX_VALUE} if the wheel is empty. Looks at most at every bucket once.
   */
  long nanosUntilNext(long now) {
    if (size == 0) {
      return Long.MAX_VALUE;
    }
    if (heads[DUE] != null) {
      return 0;
    }
    long next = nextLowerBound();
    return Math.max(0, next - (now - origin));
  }

  /** The relative time of the earliest non-empty bucket's start (level 0: its lower bound). */
  private long nextLowerBound() {
    for (int level = 0; level < LEVELS; level++) {
      int shift = FIRST_SHIFT + BITS * level;
      long current = time >>> shift;
      for (int k = level == 0 ? 0 : 1; k < BUCKETS; k++) {
        long counter = current + k;
        int index = level * BUCKETS + (int) (counter & MASK);
        if (heads[index] != null) {
          return level == 0 && k == 0 ? level0Min[index] : counter << shift;
        }
      }
    }
    return ((time >>> TOP_SHIFT) + 1) << TOP_SHIFT; // only the overflow bucket holds nodes
  }

  /**
   * Moves the wheel's clock to {@code now} (never back), so that the due bucket holds exactly the
   * nodes whose deadline is at or before it.
   */
  void advance(long now) {
    long t = now - origin;
    if (t <= time) {
      return;
    }
    long previous = time;
    time = t;
    if ((previous >>> TOP_SHIFT) != (t >>> TOP_SHIFT)) {
      replaceAll(OVERFLOW);
    }
    for (int level = LEVELS - 1; level >= 0; level--) {
      int shift = FIRST_SHIFT + BITS * level;
      long from = previous >>> shift;
      long to = t >>> shift;
      long first = level == 0 ? from : from + 1; // a bucket the clock was inside of at level 0
      long count = Math.min(to - first + 1, BUCKETS);
      for (long counter = first; counter < first + count; counter++) {
        int index = level * BUCKETS + (int) (counter & MASK);
        if (level == 0 && counter == to && level0Min[index] > t) {
          continue; // the clock is inside this bucket and none of its deadlines is reached
        }
        replaceAll(index);
      }
    }
  }

  /** Empties a bucket and places each of its nodes again, by the wheel's current time. */
  private void replaceAll(int index) {
    WheelNode<K, V> node = heads[index];
    heads[index] = null;
    if (index < BUCKETS) {
      level0Min[index] = Long.MAX_VALUE;
    }
    while (node != null) {
      WheelNode<K, V> next = node.wheelNext;
      node.wheelPrev = null;
      node.wheelNext = null;
      node.bucket = NONE;
      place(node);
      node = next;
    }
  }

  /** Links a node in no bucket into the bucket of its deadline, by the wheel's current time. */
  private void place(WheelNode<K, V> node) {
    long deadline = node.deadline() - origin;
    if (deadline <= time) { // negative too: a deadline before the wheel was made
      link(DUE, node);
      return;
    }
    for (int level = 0; level < LEVELS; level++) {
      int shift = FIRST_SHIFT + BITS * level;
      if ((deadline >>> (shift + BITS)) == (time >>> (shift + BITS))) {
        int index = level * BUCKETS + (int) ((deadline >>> shift) & MASK);
        if (level == 0 && deadline < level0Min[index]) {
          level0Min[index] = deadline;
        }
        link(index, node);
        return;
      }
    }
    link(OVERFLOW, node);
  }

  private void link(int index, WheelNode<K, V> node) {
    WheelNode<K, V> head = heads[index];
    node.wheelPrev = null;
    node.wheelNext = head;
    if (head != null) {
      head.wheelPrev = node;
    }
    heads[index] = node;
    node.bucket = index;
  }

  private void unlink(WheelNode<K, V> node) {
    WheelNode<K, V> prev = node.wheelPrev;
    WheelNode<K, V> next = node.wheelNext;
    if (prev == null) {
      heads[node.bucket] = next;
    } else {
      prev.wheelNext = next;
    }
    if (next != null) {
      next.wheelPrev = prev;
    }
    node.wheelPrev = null;
    node.wheelNext = null;
    node.bucket = NONE;
  }
}
