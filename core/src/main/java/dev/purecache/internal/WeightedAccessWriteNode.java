package dev.purecache.internal;

/**
 * An entry in access and write order (LRU+TTL) of a cache with a weigher, with its weight; unlike
 * {@link WeightedAccessNode}, the weight costs 8 bytes here (56 against 48 with compressed
 * references), so only weighted caches use this class.
 */
final class WeightedAccessWriteNode<K, V> extends AccessWriteNode<K, V> {
  private int weight;

  WeightedAccessWriteNode(K key, V value, long writeTime) {
    super(key, value, writeTime);
  }

  @Override
  int weight() {
    return weight;
  }

  @Override
  void setWeight(int weight) {
    this.weight = weight;
  }
}
