package dev.purecache.internal;

/**
 * When an entry has expired, in one place. Two rules, never both in one cache:
 *
 * <ul>
 *   <li>expire after write (TTL, LRU+TTL): written at t, visible while now &lt; t + ttl, never at
 *       or after it;
 *   <li>a deadline per entry (expire after access, {@link dev.purecache.Expiry}): visible while
 *       now &lt; deadline, never at or after it.
 * </ul>
 *
 * Times are compared by differences, not sums: the ticker's origin is arbitrary and may be near
 * {@code Long.MIN_VALUE} or {@code Long.MAX_VALUE}.
 */
final class ExpiryRule {
  /**
   * The longest duration a deadline is set from (about 146 years): longer ones, {@code
   * Long.MAX_VALUE} included, are cut to it, so that a deadline minus any time read from the
   * ticker during the cache's life never overflows.
   */
  static final long MAX_DURATION = Long.MAX_VALUE >> 1;

  private ExpiryRule() {}

  /** Returns the front of a write-ordered deque if it has expired at {@code now}, else null. */
  static <K, V> Node<K, V> oldestIfExpired(LinkedDeque<K, V> writeOrder, long now, long ttlNanos) {
    Node<K, V> oldest = writeOrder.peekFirst();
    return oldest != null && isExpired(oldest, now, ttlNanos) ? oldest : null;
  }

  static boolean isExpired(Node<?, ?> node, long now, long ttlNanos) {
    return now - node.writeTime() >= ttlNanos;
  }

  /** Whether an entry of a cache with this ttl (0 for none), or with deadlines, has expired. */
  static boolean isExpired(Node<?, ?> node, long now, long ttlNanos, boolean deadlines) {
    return ttlNanos != 0 ? isExpired(node, now, ttlNanos) : deadlines && isPastDeadline(node, now);
  }

  /** Whether a node with a deadline of its own has reached it at {@code now}. */
  static boolean isPastDeadline(Node<?, ?> node, long now) {
    return now - node.deadline() >= 0;
  }

  /**
   * Returns the deadline {@code durationNanos} after {@code now}: a zero or negative duration
   * gives {@code now} (expired at once), one above {@link #MAX_DURATION} is cut to it.
   */
  static long deadline(long now, long durationNanos) {
    return now + Math.min(Math.max(durationNanos, 0), MAX_DURATION);
  }
}
