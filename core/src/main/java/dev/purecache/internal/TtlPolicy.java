package dev.purecache.internal;

/**
 * Expire after write: one write-ordered deque (see {@link TimedPolicy}). With one time to live
 * for every entry, write order is expiry order, so the front is both the next to expire and the
 * victim when full. Hits change nothing; the only hits in its hit buffer are those of lock-free
 * replaces.
 */
final class TtlPolicy<K, V> extends TimedPolicy<K, V> {

  TtlPolicy(long ttlNanos) {
    super(ttlNanos);
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
  public void onHits(Node<K, V> node, int times) {
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
  public boolean ordersHits() {
    return false;
  }

  @Override
  public int size() {
    return writeOrder.size();
  }
}
