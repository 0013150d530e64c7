package dev.purecache.internal;

/**
 * An entry of per-entry expiry: a {@link DeadlineNode} that also sits in one bucket of its
 * stripe's {@link TimerWheel}, through links that only the wheel touches, under the stripe lock.
 */
final class WheelNode<K, V> extends DeadlineNode<K, V> {
  /** The bucket of the timer wheel that holds the node, or {@link TimerWheel#NONE}. */
  int bucket = TimerWheel.NONE;

  /** The previous node in the node's bucket, or null at its head. */
  WheelNode<K, V> wheelPrev;

  /** The next node in the node's bucket, or null at its end. */
  WheelNode<K, V> wheelNext;

  WheelNode(K key, V value, long writeTime, long deadline) {
    super(key, value, writeTime, deadline);
  }
}
