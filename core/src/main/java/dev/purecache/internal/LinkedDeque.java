package dev.purecache.internal;

/**
 * An intrusive, circular, doubly linked list of nodes around a sentinel, in one of the two orders
 * a node can carry (access or write). O(1) add, remove, move to the back and peek at the front.
 * A removed node has null links, which is how {@link Node#isLinked()} tells it left.
 *
 * <p>Not thread-safe: used only under the stripe lock.
 */
abstract sealed class LinkedDeque<K, V> permits LinkedDeque.AccessOrder, LinkedDeque.WriteOrder {
  final Node<K, V> sentinel;
  private int size;

  LinkedDeque(Node<K, V> sentinel) {
    this.sentinel = sentinel;
    setNext(sentinel, sentinel);
    setPrev(sentinel, sentinel);
  }

  abstract Node<K, V> prev(Node<K, V> node);

  abstract Node<K, V> next(Node<K, V> node);

  abstract void setPrev(Node<K, V> node, Node<K, V> prev);

  abstract void setNext(Node<K, V> node, Node<K, V> next);

  /** Returns the front (oldest) node, or {@code null} if empty. */
  final Node<K, V> peekFirst() {
    Node<K, V> first = next(sentinel);
    return first == sentinel ? null : first;
  }

  final void addLast(Node<K, V> node) {
    insertAfter(prev(sentinel), node);
  }

  /** Links {@code node} right after {@code before} (a linked node or the sentinel). */
  final void insertAfter(Node<K, V> before, Node<K, V> node) {
    link(before, node);
    size++;
  }

  final void remove(Node<K, V> node) {
    unlink(node);
    setPrev(node, null);
    setNext(node, null);
    size--;
  }

  /**
   * Moves a linked node to the back: unlinks it and links it after the last node, leaving the size
   * and every other node's order as they were. A hit does this, often without the lock (see
   * {@link HitBuffer}), so it writes only the six links that change.
   */
  final void moveToBack(Node<K, V> node) {
    Node<K, V> last = prev(sentinel);
    if (last != node) {
      unlink(node); // leaves last where it was: node is not last
      link(last, node);
    }
  }

  /** Links {@code node} after {@code before}; the size is the caller's. */
  private void link(Node<K, V> before, Node<K, V> node) {
    Node<K, V> after = next(before);
    setPrev(node, before);
    setNext(node, after);
    setNext(before, node);
    setPrev(after, node);
  }

  /** Joins the neighbours of a linked node, leaving its own links as they are. */
  private void unlink(Node<K, V> node) {
    Node<K, V> prev = prev(node);
    Node<K, V> next = next(node);
    setNext(prev, next);
    setPrev(next, prev);
  }

  final boolean isEmpty() {
    return size == 0;
  }

  final int size() {
    return size;
  }

  /** Orders nodes by their access links. */
  static final class AccessOrder<K, V> extends LinkedDeque<K, V> {
    AccessOrder() {
      super(new AccessNode<>(null, null));
    }

    @Override
    Node<K, V> prev(Node<K, V> node) {
      return node.accessPrev();
    }

    @Override
    Node<K, V> next(Node<K, V> node) {
      return node.accessNext();
    }

    @Override
    void setPrev(Node<K, V> node, Node<K, V> prev) {
      node.setAccessPrev(prev);
    }

    @Override
    void setNext(Node<K, V> node, Node<K, V> next) {
      node.setAccessNext(next);
    }
  }

  /** Orders nodes by their write links. */
  static final class WriteOrder<K, V> extends LinkedDeque<K, V> {
    WriteOrder() {
      super(new WriteNode<>(null, null, 0));
    }

    /**
     * Moves a linked node whose write time has just grown to its place by write time: after
     * every node written at or before it. Writes under the lock read the clock in lock order, so
     * this is the back; lock-free replaces read it in no order among themselves, so a node may
     * land a few places before the back, never more than the replaces buffered with it.
     */
    void moveToPlaceByWriteTime(Node<K, V> node) {
      remove(node);
      long time = node.writeTime();
      Node<K, V> before = prev(sentinel);
      while (before != sentinel && before.writeTime() - time > 0) {
        before = prev(before);
      }
      insertAfter(before, node);
    }

    @Override
    Node<K, V> prev(Node<K, V> node) {
      return node.writePrev();
    }

    @Override
    Node<K, V> next(Node<K, V> node) {
      return node.writeNext();
    }

    @Override
    void setPrev(Node<K, V> node, Node<K, V> prev) {
      node.setWritePrev(prev);
    }

    @Override
    void setNext(Node<K, V> node, Node<K, V> next) {
      node.setWriteNext(next);
    }
  }
}
