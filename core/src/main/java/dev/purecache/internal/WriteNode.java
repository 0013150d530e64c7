package dev.purecache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An entry in write order (TTL), with the time of its last write; the base of {@link
 * AccessWriteNode} (LRU+TTL).
 *
 * <p>A put of a live key replaces its value and write time without the stripe lock (see {@link
 * StripedCache}), so the pair is guarded by a per-node stamp, a sequence lock of its own. {@link
 * #REPLACING} is set while a replace changes the pair, and every replace adds one to the count in
 * the stamp's high 16 bits, so a lock-free reader that sees the same steady stamp before and
 * after reading value, write time and the clock saw a pair no replace touched (barring 65,536
 * replaces of the node within one read). A replace also sets {@link #REQUEUE} and records the low
 * bits of the read-buffer position it claimed: its new write time has yet to move the node in
 * write order, which the drain does when it reaches that position (see {@link TimedPolicy}), so
 * the node takes its place from its last replace, not from an earlier hit. The stamp fits in the
 * object's alignment padding: the node is no bigger for it.
 */
class WriteNode<K, V> extends Node<K, V> {
  /** Set while a lock-free replace changes value and write time. */
  private static final int REPLACING = 1;

  /** Set by a lock-free replace, cleared when the drain has moved the node in write order. */
  private static final int REQUEUE = 2;

  /** What each lock-free replace adds to the stamp. */
  private static final int ONE_REPLACE = 1 << 16;

  /** The stamp's bits that count replaces. */
  private static final int COUNT_BITS = -ONE_REPLACE;

  /** How many low bits of the last replace's buffer position the stamp keeps, from bit 2. */
  private static final int POSITION_MASK = (ONE_REPLACE >>> 2) - 1;

  private static final VarHandle STAMP;

  static {
    try {
      STAMP = MethodHandles.lookup().findVarHandle(WriteNode.class, "stamp", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Node<K, V> writePrev;
  private Node<K, V> writeNext;
  private long writeTime;
  private volatile int stamp;

  WriteNode(K key, V value, long writeTime) {
    super(key, value);
    this.writeTime = writeTime;
  }

  /** Linked while its write links are non-null (in both orders at once, for LRU+TTL). */
  @Override
  final boolean isLinked() {
    return writeNext != null;
  }

  @Override
  final Node<K, V> writePrev() {
    return writePrev;
  }

  @Override
  final Node<K, V> writeNext() {
    return writeNext;
  }

  @Override
  final void setWritePrev(Node<K, V> prev) {
    this.writePrev = prev;
  }

  @Override
  final void setWriteNext(Node<K, V> next) {
    this.writeNext = next;
  }

  @Override
  final long writeTime() {
    return writeTime;
  }

  @Override
  final void setWriteTime(long nanos) {
    this.writeTime = nanos;
  }

  @Override
  final int replaceStamp() {
    return stamp;
  }

  @Override
  final boolean tryBeginReplace(int seen) {
    return (seen & REPLACING) == 0 && STAMP.compareAndSet(this, seen, seen | REPLACING);
  }

  @Override
  final void endReplace(int seen, long position) {
    int count = (seen + ONE_REPLACE) & COUNT_BITS;
    STAMP.setRelease(this, count | ((int) position & POSITION_MASK) << 2 | REQUEUE);
  }

  /** Clears only {@link #REPLACING}: a drain may have cleared {@link #REQUEUE} meanwhile. */
  @Override
  final void abandonReplace() {
    STAMP.getAndBitwiseAndRelease(this, ~REPLACING);
  }

  @Override
  final boolean unchangedSince(int seen) {
    VarHandle.acquireFence();
    return (seen & REPLACING) == 0
        && ((int) STAMP.getVolatile(this) | REQUEUE) == (seen | REQUEUE);
  }

  @Override
  final boolean takeRequeue(long position) {
    int at = ((int) position & POSITION_MASK) << 2;
    for (int s; ((s = stamp) & REQUEUE) != 0 && (s & (POSITION_MASK << 2)) == at; ) {
      if (STAMP.compareAndSet(this, s, s & ~REQUEUE)) {
        return true;
      }
    }
    return false;
  }
}
