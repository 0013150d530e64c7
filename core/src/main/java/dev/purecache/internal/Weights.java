package dev.purecache.internal;

import dev.purecache.Weigher;

/** Weighing of values by a cache's {@link Weigher}: where it is checked, in one place. */
final class Weights {
  private Weights() {}

  /**
   * Returns the weight of an entry: 1 without a weigher (the bound is then a count), else the
   * weigher's answer. Called on the storing thread with no lock held.
   *
   * @throws IllegalArgumentException if the weigher returns a negative weight
   */
  static <K, V> int weigh(Weigher<? super K, ? super V> weigher, K key, V value) {
    if (weigher == null) {
      return 1;
    }
    int weight = weigher.weigh(key, value);
    if (weight < 0) {
      throw new IllegalArgumentException(
          "the weigher returned " + weight + " for key " + key + "; weights must be >= 0");
    }
    return weight;
  }
}
