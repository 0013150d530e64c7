package dev.purecache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One cache entry: a key, its value, and the links of the policy that orders it. Subclasses add
 * only the links their policy needs, so an LRU entry carries no write time and a TTL entry no
 * access links.
 *
 * <p>{@code value} is volatile because readers load it without the stripe lock, and a replace of
 * a live value swaps it without the lock (see {@link LockFreeReplace}), so a write under the lock
 * changes it only with {@link #replaceValue}, which returns the value it really replaced. Every
 * other field is read and written only under the stripe lock, except {@code writeTime}, which
 * lock-free readers load inside a validated optimistic read (see {@link StripedCache}), and which
 * a TTL or LRU+TTL replace changes together with the value under the node's replace stamp (see
 * {@link WriteNode}).
 */
abstract class Node<K, V> {
  private static final VarHandle VALUE;

  static {
    try {
      VALUE = MethodHandles.lookup().findVarHandle(Node.class, "value", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final K key;
  volatile V value;

  Node(K key, V value) {
    this.key = key;
    this.value = value;
  }

  /**
   * Sets the value to {@code newValue} and returns the value it replaced, in one atomic step with
   * respect to every other change of the value.
   */
  @SuppressWarnings("unchecked")
  V replaceValue(V newValue) {
    return (V) VALUE.getAndSet(this, newValue);
  }

  /**
   * Sets the value to {@code newValue} and returns the value it replaced, where no other thread
   * can change the value meanwhile (the caller holds the node's replace byte, see {@link
   * ClockNode#tryEnterReplace}): a release store, with no atomic instruction.
   */
  final V swapValueExclusively(V newValue) {
    V old = value;
    VALUE.setRelease(this, newValue);
    return old;
  }

  /**
   * With the stripe lock held and a flight of the key just registered: waits until no unordered
   * replace is in progress, so the value read next stays until a write under the lock changes
   * it. A no-op for nodes without unordered replaces.
   */
  void awaitReplaces() {}

  /**
   * With the stripe lock held, as the node leaves the map: waits for the unordered replaces in
   * progress and bars new ones, so the value read next is the node's last. A no-op for nodes
   * without unordered replaces.
   */
  void retire() {}

  /** Whether this node is still held by its policy (not removed, evicted or cleared). */
  abstract boolean isLinked();

  Node<K, V> accessPrev() {
    throw new UnsupportedOperationException();
  }

  Node<K, V> accessNext() {
    throw new UnsupportedOperationException();
  }

  void setAccessPrev(Node<K, V> prev) {
    throw new UnsupportedOperationException();
  }

  void setAccessNext(Node<K, V> next) {
    throw new UnsupportedOperationException();
  }

  Node<K, V> writePrev() {
    throw new UnsupportedOperationException();
  }

  Node<K, V> writeNext() {
    throw new UnsupportedOperationException();
  }

  void setWritePrev(Node<K, V> prev) {
    throw new UnsupportedOperationException();
  }

  void setWriteNext(Node<K, V> next) {
    throw new UnsupportedOperationException();
  }

  long writeTime() {
    throw new UnsupportedOperationException();
  }

  /**
   * Returns the deadline of a node that has one of its own (expire after access, per-entry
   * expiry; see {@link DeadlineNode}): a ticker reading, compared by difference. Read without
   * the lock.
   */
  long deadline() {
    throw new UnsupportedOperationException();
  }

  /** Sets the deadline of a node that has one of its own; see {@link #deadline()}. */
  void setDeadline(long deadline) {
    throw new UnsupportedOperationException();
  }

  /**
   * Returns the weight the stripe counts for this entry: 1 unless the cache has a weigher, whose
   * nodes keep the weight of their value (see {@link WeightedAccessNode}). Read under the lock.
   */
  int weight() {
    return 1;
  }

  /** Sets the weight of the node of a weighted cache; the caller holds the stripe lock. */
  void setWeight(int weight) {
    throw new UnsupportedOperationException();
  }

  void setWriteTime(long nanos) {
    throw new UnsupportedOperationException();
  }

  /**
   * Returns the replace stamp of a node whose value and write time a lock-free replace may change
   * together (see {@link WriteNode}); 0, never changing, for other nodes.
   */
  int replaceStamp() {
    return 0;
  }

  /** Starts a lock-free replace if the stamp is still {@code seen} and steady. */
  boolean tryBeginReplace(int seen) {
    throw new UnsupportedOperationException();
  }

  /**
   * Ends a replace begun with {@link #tryBeginReplace}, which claimed read-buffer position {@code
   * position}: the drain of that position moves the node in write order.
   */
  void endReplace(int seen, long position) {
    throw new UnsupportedOperationException();
  }

  /** Ends a replace begun with {@link #tryBeginReplace} that changed nothing. */
  void abandonReplace() {
    throw new UnsupportedOperationException();
  }

  /**
   * Whether no lock-free replace was in progress when the stamp read {@code seen}, nor began
   * since: the reads in between, which this orders before its own, saw one consistent value and
   * write time.
   */
  boolean unchangedSince(int seen) {
    return true;
  }

  /**
   * Clears the requeue mark if the last replace claimed read-buffer position {@code position};
   * returns whether it did. The caller holds the stripe lock.
   */
  boolean takeRequeue(long position) {
    return false;
  }
}
