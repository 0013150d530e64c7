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
    Node<K, V> last = prev(sentinel);
    setPrev(node, last);
    setNext(node, sentinel);
    setNext(last, node);
    setPrev(sentinel, node);
    size++;
  }

  final void remove(Node<K, V> node) {
    Node<K, V> prev = prev(node);
    Node<K, V> next = next(node);
    setNext(prev, next);
    setPrev(next, prev);
    setPrev(node, null);
    setNext(node, null);
    size--;
  }

  final void moveToBack(Node<K, V> node) {
    if (prev(sentinel) != node) {
      remove(node);
      addLast(node);
    }
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
