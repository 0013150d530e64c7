package dev.purecache.internal;

/**
 * LRU and expire after write together: an access-ordered deque picks the victim among live
 * entries, a write-ordered deque finds the expired ones. The cache reclaims expired entries
 * before it asks for a victim, so the victim is always the least recently used live entry.
 *
 * <p>Write order and expiry are {@link TimedPolicy}'s; a lock-free replace's hit also counts
 * as a use here, like a read's.
 */
final class LruTtlPolicy<K, V> extends TimedPolicy<K, V> {
  private final LinkedDeque<K, V> accessOrder = new LinkedDeque.AccessOrder<>();

  private final boolean weighted;

  /** @param weighted whether nodes keep a weight (a cache with a weigher) */
  LruTtlPolicy(long ttlNanos, boolean weighted) {
    super(ttlNanos);
    this.weighted = weighted;
  }

  @Override
  public Node<K, V> newNode(K key, V value, long now) {
    return weighted
        ? new WeightedAccessWriteNode<>(key, value, now)
        : new AccessWriteNode<>(key, value, now);
  }

  @Override
  public void add(Node<K, V> node) {
    accessOrder.addLast(node);
    writeOrder.addLast(node);
  }

  @Override
  public void onHits(Node<K, V> node, int times) {
    accessOrder.moveToBack(node);
  }

  /** A buffered hit: the most recent use, and perhaps a replace's new place in write order. */
  @Override
  public void onBufferedHit(Node<K, V> node, long position) {
    accessOrder.moveToBack(node);
    super.onBufferedHit(node, position);
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
  public boolean ordersHits() {
    return true;
  }

  @Override
  public boolean skipsRepeatedHits() {
    return true;
  }

  @Override
  public int size() {
    return accessOrder.size();
  }
}
