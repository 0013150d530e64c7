package dev.purecache.internal;

/** The expire-after-write rule: written at t, visible while now < t + ttl, never at or after it. */
final class Expiry {
  private Expiry() {}

  static boolean isExpired(Node<?, ?> node, long now, long ttlNanos) {
    // Differences, not sums: the ticker's origin is arbitrary and may be near Long.MIN_VALUE.
    return now - node.writeTime() >= ttlNanos;
  }
}
