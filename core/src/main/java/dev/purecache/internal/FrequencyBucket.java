package dev.purecache.internal;

/**
 * The entries of one use count, least recently used first, in a circular list of buckets
 * ordered by count (see {@link LfuPolicy}).
 */
final class FrequencyBucket<K, V> {
  /** The use count of the entries; changed only while the bucket is empty or holds one entry. */
  int frequency;
  final LinkedDeque<K, V> entries = new LinkedDeque.AccessOrder<>();
  FrequencyBucket<K, V> prev;
  FrequencyBucket<K, V> next;

  FrequencyBucket(int frequency) {
    this.frequency = frequency;
    this.prev = this;
    this.next = this;
  }

  /** Links {@code bucket}, which is unlinked and empty, right after this one. */
  void linkAfter(FrequencyBucket<K, V> bucket) {
    bucket.prev = this;
    bucket.next = next;
    next.prev = bucket;
    next = bucket;
  }

  void unlink() {
    prev.next = next;
    next.prev = prev;
    prev = this;
    next = this;
  }
}
