package dev.purecache.internal;

/**
 * What the policies with expiry (TTL, LRU+TTL) share: a write-ordered deque of every entry, whose
 * front is the oldest write, and so, with one time to live for every entry, the next to expire.
 *
 * <p>A put of a live key may replace value and write time without the lock; it then records a
 * hit in the stripe's hit buffer, whose drain moves the node to its place in write order. Every
 * write drains first, so write order is sorted by write time whenever a write looks at it.
 */
abstract class TimedPolicy<K, V> implements EvictionPolicy<K, V> {
  final LinkedDeque.WriteOrder<K, V> writeOrder = new LinkedDeque.WriteOrder<>();
  private final long ttlNanos;

  TimedPolicy(long ttlNanos) {
    this.ttlNanos = ttlNanos;
  }

  /**
   * A buffered hit; if it is the one the node's last lock-free replace recorded (see {@link
   * WriteNode}), moves the node to its new place in write order.
   */
  @Override
  public void onBufferedHit(Node<K, V> node, long position) {
    if (node.takeRequeue(position)) {
      writeOrder.moveToPlaceByWriteTime(node);
    }
  }

  @Override
  public final Node<K, V> expired(long now) {
    return ExpiryRule.oldestIfExpired(writeOrder, now, ttlNanos);
  }

  @Override
  public final boolean replacesTimedWithoutLock() {
    return true;
  }

  @Override
  public final long oldestWriteTime() {
    Node<K, V> oldest = writeOrder.peekFirst();
    return oldest == null ? 0 : oldest.writeTime();
  }
}
