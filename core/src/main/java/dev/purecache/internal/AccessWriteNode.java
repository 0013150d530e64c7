package dev.purecache.internal;

/**
 * An entry in both access order and write order (LRU+TTL): a {@link WriteNode}, replace stamp
 * included, with access links. Linked in both orders at once, so its write links tell.
 */
final class AccessWriteNode<K, V> extends WriteNode<K, V> {
  private Node<K, V> accessPrev;
  private Node<K, V> accessNext;

  AccessWriteNode(K key, V value, long writeTime) {
    super(key, value, writeTime);
  }

  @Override
  Node<K, V> accessPrev() {
    return accessPrev;
  }

  @Override
  Node<K, V> accessNext() {
    return accessNext;
  }

  @Override
  void setAccessPrev(Node<K, V> prev) {
    this.accessPrev = prev;
  }

  @Override
  void setAccessNext(Node<K, V> next) {
    this.accessNext = next;
  }
}
