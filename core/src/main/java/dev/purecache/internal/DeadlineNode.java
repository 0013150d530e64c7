package dev.purecache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An entry with a deadline of its own (expire after access; per-entry expiry adds the links of
 * its timer wheel, see {@link WheelNode}), in access order (LRU). It also keeps its weight
 * (a cache with a weigher) and its write time (a cache that refreshes), so that one node type
 * serves every combination.
 *
 * <p>The deadline is read by lock-free reads, and a hit sets it without the lock (see {@link
 * EvictionPolicy#onRead}); a write sets it under the lock. Both opaquely: a write of
 * the stripe, whose sequence a lock-free read validates, orders the rest. The write time is
 * {@link StampedNodes}' kind: it only decides when a read starts a refresh.
 */
class DeadlineNode<K, V> extends AccessNode<K, V> {
  private static final VarHandle DEADLINE;
  private static final VarHandle WRITE_TIME;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      DEADLINE = lookup.findVarHandle(DeadlineNode.class, "deadline", long.class);
      WRITE_TIME = lookup.findVarHandle(DeadlineNode.class, "writeTime", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // through DEADLINE
  private long deadline;

  @SuppressWarnings("unused") // through WRITE_TIME
  private long writeTime;

  private int weight = 1;

  DeadlineNode(K key, V value, long writeTime, long deadline) {
    super(key, value);
    WRITE_TIME.setOpaque(this, writeTime);
    DEADLINE.setOpaque(this, deadline);
  }

  @Override
  long deadline() {
    return (long) DEADLINE.getOpaque(this);
  }

  @Override
  void setDeadline(long deadline) {
    DEADLINE.setOpaque(this, deadline);
  }

  @Override
  long writeTime() {
    return (long) WRITE_TIME.getOpaque(this);
  }

  @Override
  void setWriteTime(long nanos) {
    WRITE_TIME.setOpaque(this, nanos);
  }

  @Override
  int weight() {
    return weight;
  }

  @Override
  void setWeight(int weight) {
    this.weight = weight;
  }
}
