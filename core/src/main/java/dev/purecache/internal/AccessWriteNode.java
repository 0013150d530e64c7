package dev.purecache.internal;

/** An entry in both access order and write order (LRU+TTL). */
final class AccessWriteNode<K, V> extends AccessNode<K, V> {
  private Node<K, V> writePrev;
  private Node<K, V> writeNext;
  private long writeTime;

  AccessWriteNode(K key, V value, long writeTime) {
    super(key, value);
    this.writeTime = writeTime;
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
    this.writePrev = prev;
  }

  @Override
  void setWriteNext(Node<K, V> next) {
    this.writeNext = next;
  }

  @Override
  long writeTime() {
    return writeTime;
  }

  @Override
  void setWriteTime(long nanos) {
    this.writeTime = nanos;
  }
}
