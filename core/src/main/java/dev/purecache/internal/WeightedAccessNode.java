package dev.purecache.internal;

/**
 * An entry in access order (LRU) of a cache with a weigher, with the weight of its value. The
 * weight fits in the alignment padding of an {@link AccessNode}: with compressed references the
 * node is no bigger for it.
 */
final class WeightedAccessNode<K, V> extends AccessNode<K, V> {
  private int weight;

  WeightedAccessNode(K key, V value) {
    super(key, value);
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
