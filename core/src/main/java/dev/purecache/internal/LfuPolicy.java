package dev.purecache.internal;

/**
 * Least frequently used in O(1): a circular list of frequency buckets in ascending count around a
 * sentinel bucket (count 0), each bucket holding its entries least recently used first. The
 * first bucket after the sentinel is the minimum frequency; its first entry is the victim, which
 * breaks ties between equal counts by least recent use.
 *
 * <p>Invariants: no bucket is empty; counts strictly increase from the sentinel onwards; every
 * linked node sits in the bucket of its count.
 */
final class LfuPolicy<K, V> implements EvictionPolicy<K, V> {
  private final FrequencyBucket<K, V> sentinel = new FrequencyBucket<>(0);
  private int size;

  @Override
  public Node<K, V> newNode(K key, V value, long now) {
    return new LfuNode<>(key, value);
  }

  @Override
  public void add(Node<K, V> node) {
    FrequencyBucket<K, V> first = sentinel.next;
    FrequencyBucket<K, V> ones = first.frequency == 1 ? first : sentinel.insertAfter(1);
    link((LfuNode<K, V>) node, ones);
    size++;
  }

  @Override
  public void onRead(Node<K, V> node) {
    increment((LfuNode<K, V>) node);
  }

  @Override
  public void onWrite(Node<K, V> node, long now) {
    increment((LfuNode<K, V>) node);
  }

  @Override
  public void remove(Node<K, V> node) {
    unlink((LfuNode<K, V>) node);
    size--;
  }

  @Override
  public Node<K, V> victim() {
    return sentinel.next == sentinel ? null : sentinel.next.entries.peekFirst();
  }

  @Override
  public Node<K, V> expired(long now) {
    return null;
  }

  @Override
  public boolean ordersReads() {
    return true;
  }

  @Override
  public int size() {
    return size;
  }

  private void increment(LfuNode<K, V> node) {
    FrequencyBucket<K, V> current = node.bucket;
    if (current.frequency == Integer.MAX_VALUE) {
      current.entries.moveToBack(node); // saturated: still the most recent of its count
      return;
    }
    int frequency = current.frequency + 1;
    FrequencyBucket<K, V> next = current.next;
    FrequencyBucket<K, V> target =
        next.frequency == frequency ? next : current.insertAfter(frequency);
    unlink(node);
    link(node, target);
  }

  private static <K, V> void link(LfuNode<K, V> node, FrequencyBucket<K, V> bucket) {
    bucket.entries.addLast(node);
    node.bucket = bucket;
  }

  private static <K, V> void unlink(LfuNode<K, V> node) {
    FrequencyBucket<K, V> bucket = node.bucket;
    bucket.entries.remove(node);
    node.bucket = null;
    if (bucket.entries.isEmpty()) {
      bucket.unlink();
    }
  }
}
