package dev.purecache.internal;

/**
 * Expire after write: one write-ordered deque. With one time to live for every entry, write order
 * is expiry order, so the front is both the next to expire and the victim when full.
 *
 * <p>Hits change nothing. A put of a live key may replace value and write time without the lock;
 * it then records a hit in the stripe's read buffer, whose drain moves the node to its place in
 * write order. Every write drains first, so write order is sorted by write time whenever a write
 * looks at it.
 */
final class TtlPolicy<K, V> implements EvictionPolicy<K, V> {
  private final LinkedDeque.WriteOrder<K, V> writeOrder = new LinkedDeque.WriteOrder<>();
  private final long ttlNanos;

  TtlPolicy(long ttlNanos) {
    this.ttlNanos = ttlNanos;
  }

  @Override
  public Node<K, V> newNode(K key, V value, long now) {
    return new WriteNode<>(key, value, now);
  }

  @Override
  public void add(Node<K, V> node) {
    writeOrder.addLast(node);
  }

  @Override
  public void onReads(Node<K, V> node, int times) {
  }

  /** The hit a lock-free replace recorded: moves the node to its new place in write order. */
  @Override
  public void onBufferedRead(Node<K, V> node, long position) {
    writeOrder.onBufferedHit(node, position);
  }

  @Override
  public void onWrite(Node<K, V> node, long now) {
    node.setWriteTime(now);
    writeOrder.moveToBack(node);
  }

  @Override
  public void remove(Node<K, V> node) {
    writeOrder.remove(node);
  }

  @Override
  public Node<K, V> victim() {
    return writeOrder.peekFirst();
  }

  @Override
  public Node<K, V> expired(long now) {
    return Expiry.oldestIfExpired(writeOrder, now, ttlNanos);
  }

  @Override
  public boolean ordersReads() {
    return false;
  }

  @Override
  public boolean replacesTimedWithoutLock() {
    return true;
  }

  @Override
  public long oldestWriteTime() {
    return writeOrder.oldestWriteTime();
  }

  @Override
  public int size() {
    return writeOrder.size();
  }
}
