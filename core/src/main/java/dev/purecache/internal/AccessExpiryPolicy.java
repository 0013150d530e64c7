package dev.purecache.internal;

import dev.purecache.Ticker;

/**
 * LRU with expire after access: every read or write of an entry restarts its time to live. With
 * one duration for every entry, the order of last use is also the order of deadlines, so one
 * access-ordered deque does both jobs: its front is the victim when the stripe is full and the
 * next entry to expire.
 *
 * <p>A hit sets the node's deadline at once, without the lock ({@link #onRead}), so
 * that every later read sees it; its buffered hit moves the node to the back when the stripe's
 * next write drains the buffer. Hits recorded under the lock (the callers that joined a load, an
 * entry of weight 0 that eviction passes over) restart the deadline from the ticker's reading
 * then.
 *
 * <p>Concurrent hits and writes may reach the deque in an order slightly different from their
 * clock readings (each reads the clock a little before it is applied), so an entry may wait
 * behind one whose deadline is a few microseconds later: it is reclaimed at the first write after
 * that one's deadline, while every read misses it from its own deadline on.
 */
final class AccessExpiryPolicy<K, V> implements EvictionPolicy<K, V> {
  private final LinkedDeque<K, V> accessOrder = new LinkedDeque.AccessOrder<>();
  private final long accessNanos;
  private final Ticker ticker;

  AccessExpiryPolicy(long accessNanos, Ticker ticker) {
    this.accessNanos = accessNanos;
    this.ticker = ticker;
  }

  @Override
  public Node<K, V> newNode(K key, V value, long now) {
    return new DeadlineNode<>(key, value, now, ExpiryRule.deadline(now, accessNanos));
  }

  @Override
  public void add(Node<K, V> node) {
    accessOrder.addLast(node);
  }

  @Override
  public void onHits(Node<K, V> node, int times) {
    onRead(node, ticker.read());
    accessOrder.moveToBack(node);
  }

  /** A read's hit, buffered or in place: its reader has set the deadline already. */
  @Override
  public void onReadHit(Node<K, V> node) {
    accessOrder.moveToBack(node);
  }

  /** Restarts the time to live from {@code now}; a deadline only ever moves later. */
  @Override
  public void onRead(Node<K, V> node, long now) {
    long deadline = ExpiryRule.deadline(now, accessNanos);
    if (deadline - node.deadline() > 0) {
      node.setDeadline(deadline);
    }
  }

  @Override
  public void onWrite(Node<K, V> node, long now) {
    node.setWriteTime(now);
    node.setDeadline(ExpiryRule.deadline(now, accessNanos));
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
    Node<K, V> first = accessOrder.peekFirst();
    return first != null && ExpiryRule.isPastDeadline(first, now) ? first : null;
  }

  @Override
  public long nanosUntilNextDeadline(long now) {
    Node<K, V> first = accessOrder.peekFirst();
    return first == null ? Long.MAX_VALUE : Math.max(0, first.deadline() - now);
  }

  @Override
  public boolean ordersHits() {
    return true;
  }

  /** Never: a put moves the entry's deadline, which needs the lock. */
  @Override
  public boolean replacesWithoutLock() {
    return false;
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
