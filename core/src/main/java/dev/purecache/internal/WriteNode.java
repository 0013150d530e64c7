package dev.purecache.internal;

/** An entry in write order (TTL), with the time of its last write. */
final class WriteNode<K, V> extends Node<K, V> {
  private Node<K, V> writePrev;
  private Node<K, V> writeNext;
  private long writeTime;

  WriteNode(K key, V value, long writeTime) {
    super(key, value);
    this.writeTime = writeTime;
  }

  @Override
  boolean isLinked() {
    return writeNext != null;
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
