package dev.purecache.internal;

/**
 * An entry in both access order and write order (LRU+TTL): a {@link WriteNode}, replace stamp
 * included, with access links. Linked in both orders at once, so its write links tell. Not
 * final: {@link WeightedAccessWriteNode} adds a weight.
 */
class AccessWriteNode<K, V> extends WriteNode<K, V> {
  private Node<K, V> accessPrev;
  private Node<K, V> accessNext;

  AccessWriteNode(K key, V value, long writeTime) {
    super(key, value, writeTime);
  }

  @Override
  final Node<K, V> accessPrev() {
    return accessPrev;
  }

  @Override
  final Node<K, V> accessNext() {
    return accessNext;
  }

  @Override
  final void setAccessPrev(Node<K, V> prev) {
    this.accessPrev = prev;
  }

  @Override
  final void setAccessNext(Node<K, V> next) {
    this.accessNext = next;
  }
}
