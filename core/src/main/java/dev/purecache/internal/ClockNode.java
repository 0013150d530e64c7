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
 * <p>{@link #replacer} is the one field written both with and without the lock: whether a
 * change of the value is in progress, or {@link #RETIRED} once the node has left the map. Every
 * change of the value holds it, so the change itself is a plain read and a release store (see
 * {@link Node#swapValueExclusively}): a lock-free replace (see {@link LockFreeReplace}) enters by
 * CAS from 0 to {@link #HELD} and leaves with a release store of 0, one atomic instruction in all;
 * one that finds it held waits a few spins for the holder, which runs a few instructions and no
 * user code, then leaves the put to the lock. A write under the stripe lock holds it the same way
 * ({@link #replaceValue}), waiting for a replace in progress. A thread under the stripe lock that
 * unlinks the node retires it (CAS from 0 to {@code RETIRED}), which waits for the replace in
 * progress to leave, so the value it then reads is the node's last. Every other field is read and
 * written only under the stripe lock.
 */
class ClockNode<K, V> extends Node<K, V> {
  private static final VarHandle REPLACER;

  static {
    try {
      REPLACER = MethodHandles.lookup().findVarHandle(ClockNode.class, "replacer", byte.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The value of {@link #replacer} while a lock-free replace holds the node. */
  private static final byte HELD = 1;

  /** The value of {@link #replacer} once the node is unlinked: no replace enters again. */
  private static final byte RETIRED = -1;

  /** How many times a replace retries to enter a node held by another before it takes the lock. */
  private static final int ENTER_SPINS = 32;

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

  /** 0, {@link #HELD} or {@link #RETIRED}; only through {@link #REPLACER}. */
  @SuppressWarnings("unused")
  private byte replacer;

  ClockNode(K key, V value) {
    super(key, value);
  }

  @Override
  final boolean isLinked() {
    return queue != 0;
  }

  /**
   * Enters a lock-free replace of the value (see {@link LockFreeReplace}): false if the node has
   * left the map or other changes of the value held it for {@link #ENTER_SPINS} spins, else the
   * caller swaps the value ({@link #swapValueExclusively}) and then calls {@link #exitReplace}.
   */
  final boolean tryEnterReplace() {
    return claim(HELD, ENTER_SPINS);
  }

  /** Leaves a replace entered with {@link #tryEnterReplace}. */
  final void exitReplace() {
    release();
  }

  /**
   * Under the stripe lock, on a linked node: swaps the value while holding {@link #replacer}.
   *
   * @throws IllegalStateException if the node has left the map (a bug of the caller: spinning on
   *     it would never end)
   */
  @Override
  final V replaceValue(V newValue) {
    if (!claim(HELD, Long.MAX_VALUE)) {
      throw new IllegalStateException("a write to an entry that has left the map");
    }
    V old = swapValueExclusively(newValue);
    release();
    return old;
  }

  @Override
  final void awaitReplaces() {
    while ((byte) REPLACER.getVolatile(this) == HELD) {
      Thread.onSpinWait(); // a replace is a few instructions with no user code: wait it out
    }
  }

  @Override
  final void retire() {
    boolean retired = claim(RETIRED, Long.MAX_VALUE);
    assert retired : "retired twice";
  }

  /**
   * Moves {@link #replacer} from 0 to {@code state}, waiting up to {@code spins} spins while
   * another change of the value holds it (a few instructions, no user code; {@code
   * Long.MAX_VALUE} waits as long as it takes); false if the node is retired or the spins ran out.
   */
  private boolean claim(byte state, long spins) {
    for (long spin = 0; spin < spins; spin++) {
      if (REPLACER.compareAndSet(this, (byte) 0, state)) {
        return true;
      }
      if ((byte) REPLACER.getVolatile(this) == RETIRED) {
        return false;
      }
      Thread.onSpinWait();
    }
    return false;
  }

  /** Releases {@link #replacer} held by this thread. */
  private void release() {
    assert (byte) REPLACER.getVolatile(this) == HELD;
    REPLACER.setRelease(this, (byte) 0);
  }
}
