package dev.purecache.internal;

/**
 * The entries of one use count, least recently used first, in a circular list of buckets
 * ordered by count (see {@link LfuPolicy}).
 */
final class FrequencyBucket<K, V> {
  final int frequency;
  final LinkedDeque<K, V> entries = new LinkedDeque.AccessOrder<>();
  FrequencyBucket<K, V> prev;
  FrequencyBucket<K, V> next;

  FrequencyBucket(int frequency) {
    this.frequency = frequency;
    this.prev = this;
    this.next = this;
  }

  /** Links a new bucket right after this one. */
  FrequencyBucket<K, V> insertAfter(int frequency) {
    FrequencyBucket<K, V> bucket = new FrequencyBucket<>(frequency);
    bucket.prev = this;
    bucket.next = next;
    next.prev = bucket;
    next = bucket;
    return bucket;
  }

  void unlink() {
    prev.next = next;
    next.prev = prev;
    prev = this;
    next = this;
  }
}
