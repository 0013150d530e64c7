package dev.purecache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An entry of an {@link AdaptivePolicy}: the links of the queue that holds it and four bytes of
 * state. Those bytes fit in the object's alignment padding, so the node is no bigger than an LRU
 * entry.
 *
 * <p>A hit without the lock writes only {@link #hits}, and only while it is below its cap (see
 * {@link AdaptivePolicy#onHitWithoutLock}); a concurrent hit may lose another's increment, which
 * the policy tolerates.
 *
 * <p>{@link #replacers} is the one field written both with and without the lock, always by CAS:
 * the number of lock-free replaces of the value in progress (see {@link LockFreeReplace}), or
 * {@link #RETIRED} once the node has left the map. A replace enters by raising it (never from
 * {@code RETIRED}) and leaves by lowering it; a thread under the stripe lock that unlinks the
 * node retires it, which waits for the replaces in progress to leave, so the value it then reads
 * is the node's last. Every other field is read and written only under the stripe lock.
 */
class ClockNode<K, V> extends Node<K, V> {
  private static final VarHandle REPLACERS;

  static {
    try {
      REPLACERS = MethodHandles.lookup().findVarHandle(ClockNode.class, "replacers", byte.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The value of {@link #replacers} once the node is unlinked: no replace enters again. */
  private static final byte RETIRED = -1;

  ClockNode<K, V> prev;
  ClockNode<K, V> next;

  /** CLOCK hit counter: raised by hits up to its cap, lowered by one per pass of a scan. */
  byte hits;

  /**
   * Records a hit: raises {@link #hits} unless it is at {@link AdaptivePolicy#HIT_CAP}, so a hot
   * entry's hits write nothing. Races between hits may lose an increment, which the policy
   * tolerates. A final method of the node, so a read binds it without the policy or a profile.
   */
  final void recordHit() {
    if (hits < AdaptivePolicy.HIT_CAP) {
      hits++;
    }
  }

  /** The value of {@link #hits} whose steps the frequency sketch has been credited with. */
  byte credited;

  /** Which queue holds the node ({@link AdaptivePolicy#WINDOW} and so on), or 0 if unlinked. */
  byte queue;

  /** Lock-free replaces in progress, or {@link #RETIRED}; only through {@link #REPLACERS}. */
  @SuppressWarnings("unused")
  private byte replacers;

  ClockNode(K key, V value) {
    super(key, value);
  }

  @Override
  final boolean isLinked() {
    return queue != 0;
  }

  @Override
  final boolean tryEnterReplace() {
    for (; ; ) {
      byte seen = (byte) REPLACERS.getVolatile(this);
      if (seen == RETIRED || seen == Byte.MAX_VALUE) {
        return false;
      }
      if (REPLACERS.compareAndSet(this, seen, (byte) (seen + 1))) {
        return true;
      }
    }
  }

  @Override
  final void exitReplace() {
    for (; ; ) {
      byte seen = (byte) REPLACERS.getVolatile(this);
      assert seen > 0;
      if (REPLACERS.compareAndSet(this, seen, (byte) (seen - 1))) {
        return;
      }
    }
  }

  @Override
  final void awaitReplaces() {
    while ((byte) REPLACERS.getVolatile(this) > 0) {
      Thread.onSpinWait(); // a replace is a few instructions with no user code: wait it out
    }
  }

  @Override
  final void retire() {
    while (!REPLACERS.compareAndSet(this, (byte) 0, RETIRED)) {
      assert (byte) REPLACERS.getVolatile(this) != RETIRED : "retired twice";
      Thread.onSpinWait();
    }
  }
}
