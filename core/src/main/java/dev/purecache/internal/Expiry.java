package dev.purecache.internal;

/** The expire-after-write rule: written at t, visible while now < t + ttl, never at or after it. */
final class Expiry {
  private Expiry() {}

  /** Returns the front of a write-ordered deque if it has expired at {@code now}, else null. */
  static <K, V> Node<K, V> oldestIfExpired(LinkedDeque<K, V> writeOrder, long now, long ttlNanos) {
    Node<K, V> oldest = writeOrder.peekFirst();
    return oldest != null && isExpired(oldest, now, ttlNanos) ? oldest : null;
  }

  static boolean isExpired(Node<?, ?> node, long now, long ttlNanos) {
    // Differences, not sums: the ticker's origin is arbitrary and may be near Long.MIN_VALUE.
    return now - node.writeTime() >= ttlNanos;
  }
}
