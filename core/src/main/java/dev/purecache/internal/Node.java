package dev.purecache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One cache entry: a key, its value, and the links of the policy that orders it. Subclasses add
 * only the links their policy needs, so an LRU entry carries no write time and a TTL entry no
 * access links.
 *
 * <p>{@code value} is volatile because readers load it without the stripe lock, and an LRU or
 * LFU replace swaps it without the lock (see {@link ReadBuffer#claim}); every other field is read
 * and written only under the stripe lock, except {@code writeTime}, which lock-free readers load
 * inside a validated optimistic read (see {@link StripedCache}).
 */
abstract class Node<K, V> {
  private static final VarHandle VALUE;

  static {
    try {
      VALUE = MethodHandles.lookup().findVarHandle(Node.class, "value", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final K key;
  volatile V value;

  Node(K key, V value) {
    this.key = key;
    this.value = value;
  }

  /** Sets the value to {@code newValue} and returns the value it replaced, in one atomic step. */
  @SuppressWarnings("unchecked")
  final V replaceValue(V newValue) {
    return (V) VALUE.getAndSet(this, newValue);
  }

  /** Whether this node is still held by its policy (not removed, evicted or cleared). */
  abstract boolean isLinked();

  Node<K, V> accessPrev() {
    throw new UnsupportedOperationException();
  }

  Node<K, V> accessNext() {
    throw new UnsupportedOperationException();
  }

  void setAccessPrev(Node<K, V> prev) {
    throw new UnsupportedOperationException();
  }

  void setAccessNext(Node<K, V> next) {
    throw new UnsupportedOperationException();
  }

  Node<K, V> writePrev() {
    throw new UnsupportedOperationException();
  }

  Node<K, V> writeNext() {
    throw new UnsupportedOperationException();
  }

  void setWritePrev(Node<K, V> prev) {
    throw new UnsupportedOperationException();
  }

  void setWriteNext(Node<K, V> next) {
    throw new UnsupportedOperationException();
  }

  long writeTime() {
    throw new UnsupportedOperationException();
  }

  void setWriteTime(long nanos) {
    throw new UnsupportedOperationException();
  }
}
