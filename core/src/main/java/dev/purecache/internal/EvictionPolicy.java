package dev.purecache.internal;

/**
 * The sequential half of a cache: which entry goes when a stripe is full, and which entries have
 * expired. One instance per stripe, used only under that stripe's lock (or, for a read's hit
 * applied in place, under its hit buffer's order word, which the lock's holder holds too), so
 * implementations are plain single-threaded data structures with O(1) operations.
 */
interface EvictionPolicy<K, V> {

  /** Creates a node of the type this policy links, written at {@code now}. */
  Node<K, V> newNode(K key, V value, long now);

  /** Links a new node; the stripe has room for it. */
  void add(Node<K, V> node);

  /** Records a hit on a linked node (LRU: most recent; LFU: one more use). */
  default void onHit(Node<K, V> node) {
    onHits(node, 1);
  }

  /**
   * Passes over a victim of weight 0, which frees nothing, so that the next {@link #victim} looks
   * at others first; every entry must be offered before this one is again. The default records a
   * hit, which does that for LRU and LRU+TTL.
   */
  default void passOver(Node<K, V> victim) {
    onHit(victim);
  }

  /**
   * Gives a linked node of a weighted cache's policy a chance to count its new weight; called
   * with the lock held, after the node's weight changed from {@code oldWeight}. Nothing by default.
   */
  default void onReweigh(Node<K, V> node, int oldWeight) {}

  /**
   * Records a hit taken from position {@code position} of the stripe's hit buffer: a lock-free
   * read, or a lock-free replace that counts as one. The default treats it as a read's hit ({@link
   * #onReadHit}); a policy whose replaces also move a node in write order adds that.
   */
  default void onBufferedHit(Node<K, V> node, long position) {
    onReadHit(node);
  }

  /**
   * Records a lock-free read's hit on a linked node, applied in place when no other hit waits in
   * the stripe's buffer (see {@link HitBuffer}), or drained from it. Its reader has already
   * restarted a deadline ({@link #onRead}); it must run no user code, read no clock and never
   * wait. The default records a hit.
   */
  default void onReadHit(Node<K, V> node) {
    onHit(node);
  }

  /**
   * Records {@code times} hits on a linked node at once: the callers that shared one load. LRU
   * moves it to the back once; LFU adds {@code times} to its count.
   */
  void onHits(Node<K, V> node, int times);

  /** Records an overwrite of a linked node at {@code now}. */
  void onWrite(Node<K, V> node, long now);

  /** Unlinks a linked node. */
  void remove(Node<K, V> node);

  /** Returns the node to evict when the stripe is full, or {@code null} if empty. */
  Node<K, V> victim();

  /**
   * Returns the oldest write if it has expired at {@code now}, else {@code null}; always {@code
   * null} for a policy without expiry.
   */
  Node<K, V> expired(long now);

  /**
   * Records a hit on a mapped node without the lock, for a policy whose hits change no order
   * ({@link #ordersHits} false). It may write only the node's own state, and only where that
   * changes; it runs concurrently with everything else, the holder of the lock included. The
   * default does nothing.
   */
  default void onHitWithoutLock(Node<K, V> node) {}

  /**
   * Restarts the deadline of a node a hit read at {@code now}, for a policy whose entries have
   * deadlines of their own (expire after access, per-entry expiry); the hit itself is recorded as
   * usual, and its buffered hit moves the node to its new place. Runs with or without the lock:
   * it writes only the node's deadline. The default does nothing.
   */
  default void onRead(Node<K, V> node, long now) {}

  /**
   * Returns a lower bound of the nanoseconds from {@code now} until the next deadline of a policy
   * whose entries have deadlines of their own: 0 if one has passed, {@link Long#MAX_VALUE} if
   * there is none or the policy keeps no deadlines (the default). Under the lock, after a drain.
   */
  default long nanosUntilNextDeadline(long now) {
    return Long.MAX_VALUE;
  }

  /**
   * Returns whether hits change the order, so that lock-free reads must be recorded in the
   * stripe's hit buffer and applied under the lock, or applied in place under its order word.
   */
  boolean ordersHits();

  /**
   * Returns whether a hit on the most recently hit node changes nothing (true for recency
   * orders; false for LFU, where every hit adds to a count).
   */
  default boolean skipsRepeatedHits() {
    return false;
  }

  /**
   * Returns whether a replace changes the node's write time (TTL, LRU+TTL), whose nodes then
   * carry a replace stamp. A put of a live key replaces without the lock under every policy and
   * records a hit in the stripe's hit buffer: where this is false, {@link #onWrite} of a linked
   * node must do exactly what one {@link #onHit} does (LRU and LFU), so the hit is the whole
   * write (a node that carries a write time for refresh, see {@link StampedNodes}, gets it from
   * the replace itself); where it is true, {@link #onBufferedHit} of the replace's hit must also
   * move the node to its place in write order.
   */
  default boolean replacesTimedWithoutLock() {
    return false;
  }

  /**
   * Returns whether the stripe keeps a {@link HitBuffer}: true but for ADAPTIVE, whose hits take
   * effect on the node at once and whose replaces order nothing (or take the lock, with a ttl).
   */
  default boolean needsHitBuffer() {
    return true;
  }

  /**
   * Returns whether a put of a mapped (for a policy with expiry, live) key may replace its value
   * without the lock (see {@link LockFreeReplace}); true but for ADAPTIVE with a time to live,
   * whose replaces move the node in its write order under the lock.
   */
  default boolean replacesWithoutLock() {
    return true;
  }

  /**
   * Returns the write time of the oldest write, for a policy whose entries expire (prompt expiry
   * sleeps until it expires); any value if empty.
   */
  default long oldestWriteTime() {
    throw new UnsupportedOperationException();
  }

  /** Returns the number of linked nodes. */
  int size();
}
