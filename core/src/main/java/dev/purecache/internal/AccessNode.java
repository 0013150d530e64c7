package dev.purecache.internal;

/** An entry in access order (LRU). Linked while its access links are non-null. */
class AccessNode<K, V> extends Node<K, V> {
  private Node<K, V> accessPrev;
  private Node<K, V> accessNext;

  AccessNode(K key, V value) {
    super(key, value);
  }

  @Override
  boolean isLinked() {
    return accessNext != null;
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
