package dev.purecache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The hits of one stripe's lock-free reads, in the order they took effect, waiting to be applied
 * to its policy. Many producers (readers) and one consumer (the holder of the stripe lock). It
 * never drops a hit: when it is full, a reader takes the stripe lock instead.
 *
 * <h2>Implementation overview</h2>
 *
 * A bounded array ring with a claim counter {@code tail} and a consume counter {@code head}.
 * A reader claims slot {@code t} with a CAS on {@code tail}, then re-reads the stripe's sequence
 * number, then fills the slot with its node if the sequence was unchanged (the read is valid) or
 * with {@link #CANCELLED} if a writer intervened (the read will be retried, and must leave no
 * trace). The consumer, before a write, first makes the sequence odd and then reads {@code tail}:
 * by the total order of volatile accesses, every reader that saw the old even sequence after its
 * claim had claimed before that {@code tail} read, so the consumer applies its hit before
 * deciding any eviction, waiting the few instructions until its slot is filled.
 *
 * <p>Invariants: {@code head <= tail <= head + CAPACITY}; slots in {@code [head, tail)} are
 * claimed, the filled ones hold a node or {@link #CANCELLED}; slots outside are null. Hits are
 * applied in claim order, which is the order in which the reads took effect.
 */
final class ReadBuffer extends ReadBufferPadding {
  static final int CAPACITY = 128;
  private static final int MASK = CAPACITY - 1;
  /** A reader that claims a slot at this stride tries to drain the buffer. */
  static final int DRAIN_STRIDE = 32;

  static final int RECORDED = 0;
  static final int STALE = 1;
  static final int FULL = 2;

  static final Object CANCELLED = new Object();

  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final VarHandle TAIL;
  private static final VarHandle HEAD;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TAIL = lookup.findVarHandle(ReadBufferTail.class, "tail", long.class);
      HEAD = lookup.findVarHandle(ReadBufferHead.class, "head", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object[] slots = new Object[CAPACITY];

  /**
   * Records a hit on {@code node}, read while the stripe's sequence was {@code stamp}.
   *
   * @return {@link #RECORDED} (the read took effect), {@link #STALE} (a writer intervened: retry)
   *     or {@link #FULL} (take the lock instead)
   */
  int offer(Node<?, ?> node, Stripe<?, ?> stripe, int stamp) {
    for (int attempt = 0; attempt < 4; attempt++) {
      long t = (long) TAIL.getVolatile(this);
      if (t - (long) HEAD.getAcquire(this) >= CAPACITY) {
        return FULL;
      }
      if (TAIL.compareAndSet(this, t, t + 1)) {
        boolean valid = stripe.sequence() == stamp;
        SLOTS.setRelease(slots, (int) t & MASK, valid ? node : CANCELLED);
        return valid ? RECORDED : STALE;
      }
    }
    return FULL;
  }

  /** Returns whether the slot just claimed at {@code t} is one at which readers drain. */
  boolean shouldDrain() {
    return ((long) TAIL.getOpaque(this) & (DRAIN_STRIDE - 1)) == 0;
  }

  /** Applies every claimed hit to {@code policy}; the caller holds the stripe lock. */
  <K, V> void drainTo(EvictionPolicy<K, V> policy) {
    long h = head;
    long t = (long) TAIL.getVolatile(this);
    if (h == t) {
      return;
    }
    for (; h < t; h++) {
      int index = (int) h & MASK;
      Object entry = awaitFilled(index);
      slots[index] = null;
      if (entry != CANCELLED) {
        @SuppressWarnings("unchecked")
        Node<K, V> node = (Node<K, V>) entry;
        if (node.isLinked()) {
          policy.onRead(node);
        }
      }
    }
    HEAD.setRelease(this, t);
  }

  /** Waits out the few instructions between a reader's claim and its fill. */
  private Object awaitFilled(int index) {
    Object entry;
    for (int spins = 0; (entry = SLOTS.getAcquire(slots, index)) == null; spins++) {
      if (spins < 256) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    return entry;
  }
}

/** Keeps the consumer's counter off the cache line of the object header and other fields. */
abstract class ReadBufferPad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class ReadBufferHead extends ReadBufferPad0 {
  long head;
}

/** Keeps {@code head} (written by the consumer) and {@code tail} (by readers) apart. */
abstract class ReadBufferPad1 extends ReadBufferHead {
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

abstract class ReadBufferTail extends ReadBufferPad1 {
  long tail;
}

abstract class ReadBufferPadding extends ReadBufferTail {
  long p20, p21, p22, p23, p24, p25, p26, p27;
}
