package dev.purecache.internal;

/**
 * An intrusive doubly linked FIFO of {@link ClockNode}s with its size and total weight: one of
 * {@link AdaptivePolicy}'s queues. Not thread-safe: the policy's stripe lock guards it.
 */
final class ClockQueue<K, V> {
  ClockNode<K, V> head;
  ClockNode<K, V> tail;
  int size;
  /** The total weight of the queue's nodes: {@link #size} without a weigher. */
  long weight;

  void addLast(ClockNode<K, V> node) {
    node.prev = tail;
    node.next = null;
    if (tail == null) {
      head = node;
    } else {
      tail.next = node;
    }
    tail = node;
    size++;
    weight += node.weight();
  }

  void unlink(ClockNode<K, V> node) {
    if (node.prev == null) {
      head = node.next;
    } else {
      node.prev.next = node.next;
    }
    if (node.next == null) {
      tail = node.prev;
    } else {
      node.next.prev = node.prev;
    }
    node.prev = null;
    node.next = null;
    size--;
    weight -= node.weight();
  }

  void moveToBack(ClockNode<K, V> node) {
    if (tail != node) {
      unlink(node);
      addLast(node);
    }
  }
}
