package dev.purecache.internal;

/**
 * Least recently used: one access-ordered deque; the front is the victim. A cache that refreshes
 * after write gets nodes that carry their write time ({@link StampedNodes}).
 */
final class LruPolicy<K, V> implements EvictionPolicy<K, V> {
  private final LinkedDeque<K, V> accessOrder = new LinkedDeque.AccessOrder<>();
  private final boolean weighted;
  private final boolean stampsWrites;

  LruPolicy() {
    this(false, false);
  }

  /**
   * @param weighted whether nodes keep a weight (a cache with a weigher)
   * @param stampsWrites whether nodes keep their write time (a cache that refreshes)
   */
  LruPolicy(boolean weighted, boolean stampsWrites) {
    this.weighted = weighted;
    this.stampsWrites = stampsWrites;
  }

  @Override
  public Node<K, V> newNode(K key, V value, long now) {
    if (weighted) {
      return stampsWrites
          ? new StampedNodes.WeightedAccess<>(key, value, now)
          : new WeightedAccessNode<>(key, value);
    }
    return stampsWrites ? new StampedNodes.Access<>(key, value, now) : new AccessNode<>(key, value);
  }

  @Override
  public void add(Node<K, V> node) {
    accessOrder.addLast(node);
  }

  @Override
  public void onHits(Node<K, V> node, int times) {
    accessOrder.moveToBack(node);
  }

  @Override
  public void onWrite(Node<K, V> node, long now) {
    if (stampsWrites) {
      node.setWriteTime(now);
    }
    accessOrder.moveToBack(node);
  }

  @Override
  public void remove(Node<K, V> node) {
    accessOrder.remove(node);
  }

  @Override
  public Node<K, V> victim() {
    return accessOrder.peekFirst();
  }

  @Override
  public Node<K, V> expired(long now) {
    return null;
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
