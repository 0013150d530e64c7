package dev.purecache.internal;

import dev.purecache.Expiry;

/**
 * LRU with a deadline per entry from the user's {@link Expiry}: an access-ordered deque picks the
 * victim when the stripe is full, a {@link TimerWheel} finds the expired entries. The cache
 * reclaims expired entries before it asks for a victim.
 *
 * <p>Create and update durations are asked under the lock, at the write. A hit asks for its read
 * duration on the reading thread, without the lock ({@link #onRead}), and sets the
 * node's deadline at once, so every later read sees it; its buffered hit reschedules the node in
 * the wheel at the stripe's next write or drain, before anything is reclaimed. The callers that
 * joined a load or a put are counted as hits without a read duration: they got the value just
 * stored.
 *
 * <p>An {@code Expiry} that throws is logged; the entry then expires at once (create, update) or
 * keeps its deadline (read), so no exception of it escapes from under the lock.
 */
final class VariableExpiryPolicy<K, V> implements EvictionPolicy<K, V> {
  private static final System.Logger LOG = System.getLogger(VariableExpiryPolicy.class.getName());

  private final LinkedDeque<K, V> accessOrder = new LinkedDeque.AccessOrder<>();
  private final TimerWheel<K, V> wheel;
  private final Expiry<? super K, ? super V> expiry;

  VariableExpiryPolicy(Expiry<? super K, ? super V> expiry, long origin) {
    this.expiry = expiry;
    this.wheel = new TimerWheel<>(origin);
  }

  @Override
  public Node<K, V> newNode(K key, V value, long now) {
    long duration;
    try {
      duration = expiry.expireAfterCreate(key, value, now);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Expiry.expireAfterCreate threw; the entry expires", e);
      duration = 0;
    }
    return new WheelNode<>(key, value, now, ExpiryRule.deadline(now, duration));
  }

  @Override
  public void add(Node<K, V> node) {
    accessOrder.addLast(node);
    wheel.schedule((WheelNode<K, V>) node);
  }

  @Override
  public void onHits(Node<K, V> node, int times) {
    accessOrder.moveToBack(node);
  }

  /** A read's hit, buffered or in place: the most recent use, and the deadline its reader set. */
  @Override
  public void onReadHit(Node<K, V> node) {
    accessOrder.moveToBack(node);
    wheel.reschedule((WheelNode<K, V>) node);
  }

  @Override
  public void onRead(Node<K, V> node, long now) {
    long current = node.deadline() - now;
    K key = node.key;
    V value = node.value;
    if (value == null || current <= 0) {
      return;
    }
    long duration;
    try {
      duration = expiry.expireAfterRead(key, value, now, current);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Expiry.expireAfterRead threw; deadline kept", e);
      return;
    }
    if (duration != current) {
      node.setDeadline(ExpiryRule.deadline(now, duration));
    }
  }

  @Override
  public void onWrite(Node<K, V> node, long now) {
    long current = Math.max(1, node.deadline() - now);
    long duration;
    try {
      duration = expiry.expireAfterUpdate(node.key, node.value, now, current);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Expiry.expireAfterUpdate threw; the entry expires", e);
      duration = 0;
    }
    node.setWriteTime(now);
    node.setDeadline(ExpiryRule.deadline(now, duration));
    accessOrder.moveToBack(node);
    wheel.reschedule((WheelNode<K, V>) node);
  }

  @Override
  public void remove(Node<K, V> node) {
    accessOrder.remove(node);
    wheel.remove((WheelNode<K, V>) node);
  }

  @Override
  public Node<K, V> victim() {
    return accessOrder.peekFirst();
  }

  @Override
  public Node<K, V> expired(long now) {
    return wheel.expired(now);
  }

  @Override
  public long nanosUntilNextDeadline(long now) {
    return wheel.nanosUntilNext(now);
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
  public int size() {
    return accessOrder.size();
  }
}
