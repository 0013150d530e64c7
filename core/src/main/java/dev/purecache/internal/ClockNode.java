package dev.purecache.internal;

/**
 * An entry of an {@link AdaptivePolicy}: the links of the queue that holds it and three bytes of
 * policy state. Those bytes fit in the object's alignment padding, so the node is no bigger than
 * an LRU entry.
 *
 * <p>A hit without the lock writes only {@link #hits}, and only while it is below its cap (see
 * {@link AdaptivePolicy#onHitWithoutLock}); a concurrent hit may lose another's increment, which
 * the policy tolerates. Every other field is read and written only under the
 * stripe lock.
 */
final class ClockNode<K, V> extends Node<K, V> {
  ClockNode<K, V> prev;
  ClockNode<K, V> next;

  /** CLOCK hit counter: raised by hits up to its cap, lowered by one per pass of a scan. */
  byte hits;

  /** The value of {@link #hits} whose steps the frequency sketch has been credited with. */
  byte credited;

  /** Which queue holds the node ({@link AdaptivePolicy#WINDOW} and so on), or 0 if unlinked. */
  byte queue;

  ClockNode(K key, V value) {
    super(key, value);
  }

  @Override
  boolean isLinked() {
    return queue != 0;
  }
}
