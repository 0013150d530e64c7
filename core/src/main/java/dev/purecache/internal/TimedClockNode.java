package dev.purecache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An entry of an {@link AdaptivePolicy} with a time to live: a {@link ClockNode} that also carries
 * its write time and its links in the stripe's write order, whose front expires first.
 *
 * <p>Every put of such an entry takes the stripe lock (a replace moves the node in write order),
 * so value and write time change together inside a write, and lock-free reads, validated by the
 * stripe's sequence, see them as a pair. The write time is read opaquely, as a read loads it
 * before it validates.
 */
final class TimedClockNode<K, V> extends ClockNode<K, V> {
  private static final VarHandle WRITE_TIME;

  static {
    try {
      WRITE_TIME =
          MethodHandles.lookup().findVarHandle(TimedClockNode.class, "writeTime", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // through WRITE_TIME
  private long writeTime;

  private Node<K, V> writePrev;
  private Node<K, V> writeNext;

  TimedClockNode(K key, V value, long writeTime) {
    super(key, value);
    WRITE_TIME.setOpaque(this, writeTime);
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
  Node<K, V> writePrev() {
    return writePrev;
  }

  @Override
  Node<K, V> writeNext() {
    return writeNext;
  }

  @Override
  void setWritePrev(Node<K, V> prev) {
    writePrev = prev;
  }

  @Override
  void setWriteNext(Node<K, V> next) {
    writeNext = next;
  }
}
