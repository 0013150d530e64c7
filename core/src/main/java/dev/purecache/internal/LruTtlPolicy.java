package dev.purecache.internal;

/**
 * LRU and expire after write together: an access-ordered deque picks the victim among live
 * entries, a write-ordered deque finds the expired ones. The cache reclaims expired entries
 * before it asks for a victim, so the victim is always the least recently used live entry.
 *
 * <p>A put of a live key may replace value and write time without the lock; it then records a
 * hit like a read, and the drain of that hit moves the node in write order too. Every write
 * drains first, so write order is sorted by write time whenever a write looks at it.
 */
final class LruTtlPolicy<K, V> implements EvictionPolicy<K, V> {
  private final LinkedDeque<K, V> accessOrder = new LinkedDeque.AccessOrder<>();
  private final LinkedDeque.WriteOrder<K, V> writeOrder = new LinkedDeque.WriteOrder<>();
  private final long ttlNanos;

  LruTtlPolicy(long ttlNanos) {
    this.ttlNanos = ttlNanos;
  }

  @Override
  public Node<K, V> newNode(K key, V value, long now) {
    return new AccessWriteNode<>(key, value, now);
  }

  @Override
  public void add(Node<K, V> node) {
    accessOrder.addLast(node);
    writeOrder.addLast(node);
  }

  @Override
  public void onReads(Node<K, V> node, int times) {
    accessOrder.moveToBack(node);
  }

  /**
   * A hit; if it is the one the node's last lock-free replace recorded, also moves the node to
   * its new place in write order.
   */
  @Override
  public void onBufferedRead(Node<K, V> node, long position) {
    accessOrder.moveToBack(node);
    writeOrder.onBufferedHit(node, position);
  }

  @Override
  public void onWrite(Node<K, V> node, long now) {
    node.setWriteTime(now);
    accessOrder.moveToBack(node);
    writeOrder.moveToBack(node);
  }

  @Override
  public void remove(Node<K, V> node) {
    accessOrder.remove(node);
    writeOrder.remove(node);
  }

  @Override
  public Node<K, V> victim() {
    return accessOrder.peekFirst();
  }

  @Override
  public Node<K, V> expired(long now) {
    return Expiry.oldestIfExpired(writeOrder, now, ttlNanos);
  }

  @Override
  public boolean ordersReads() {
    return true;
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
  public boolean skipsRepeatedReads() {
    return true;
  }

  @Override
  public int size() {
    return accessOrder.size();
  }
}
