package dev.purecache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The ADAPTIVE, LRU and LFU entries of a cache that refreshes after write: they carry the time of
 * their last write, which their plain kinds do not. A cache without refresh never creates them, so its
 * entries stay as small as before.
 *
 * <p>The write time is written under the stripe lock by the policy ({@link
 * EvictionPolicy#onWrite}) or, by a lock-free put, just before the value; readers load it without
 * the lock, opaquely. It only decides when a read starts a refresh, so a read that pairs a new
 * value with the previous write time at most starts one refresh early.
 */
final class StampedNodes {
  private StampedNodes() {}

  private static final VarHandle ACCESS_TIME;
  private static final VarHandle WEIGHTED_TIME;
  private static final VarHandle LFU_TIME;
  private static final VarHandle CLOCK_TIME;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ACCESS_TIME = lookup.findVarHandle(Access.class, "writeTime", long.class);
      WEIGHTED_TIME = lookup.findVarHandle(WeightedAccess.class, "writeTime", long.class);
      LFU_TIME = lookup.findVarHandle(Lfu.class, "writeTime", long.class);
      CLOCK_TIME = lookup.findVarHandle(Clock.class, "writeTime", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** An LRU entry with its write time. */
  static final class Access<K, V> extends AccessNode<K, V> {
    @SuppressWarnings("unused") // through ACCESS_TIME
    private long writeTime;

    Access(K key, V value, long writeTime) {
      super(key, value);
      ACCESS_TIME.setOpaque(this, writeTime);
    }

    @Override
    long writeTime() {
      return (long) ACCESS_TIME.getOpaque(this);
    }

    @Override
    void setWriteTime(long nanos) {
      ACCESS_TIME.setOpaque(this, nanos);
    }
  }

  /** An LRU entry of a cache with a weigher, with its weight and write time. */
  static final class WeightedAccess<K, V> extends AccessNode<K, V> {
    @SuppressWarnings("unused") // through WEIGHTED_TIME
    private long writeTime;

    private int weight;

    WeightedAccess(K key, V value, long writeTime) {
      super(key, value);
      WEIGHTED_TIME.setOpaque(this, writeTime);
    }

    @Override
    long writeTime() {
      return (long) WEIGHTED_TIME.getOpaque(this);
    }

    @Override
    void setWriteTime(long nanos) {
      WEIGHTED_TIME.setOpaque(this, nanos);
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

  /** An LFU entry with its write time. */
  static final class Lfu<K, V> extends LfuNode<K, V> {
    @SuppressWarnings("unused") // through LFU_TIME
    private long writeTime;

    Lfu(K key, V value, long writeTime) {
      super(key, value);
      LFU_TIME.setOpaque(this, writeTime);
    }

    @Override
    long writeTime() {
      return (long) LFU_TIME.getOpaque(this);
    }

    @Override
    void setWriteTime(long nanos) {
      LFU_TIME.setOpaque(this, nanos);
    }
  }

  /** An ADAPTIVE entry with its write time. */
  static final class Clock<K, V> extends ClockNode<K, V> {
    @SuppressWarnings("unused") // through CLOCK_TIME
    private long writeTime;

    Clock(K key, V value, long writeTime) {
      super(key, value);
      CLOCK_TIME.setOpaque(this, writeTime);
    }

    @Override
    long writeTime() {
      return (long) CLOCK_TIME.getOpaque(this);
    }

    @Override
    void setWriteTime(long nanos) {
      CLOCK_TIME.setOpaque(this, nanos);
    }
  }
}
