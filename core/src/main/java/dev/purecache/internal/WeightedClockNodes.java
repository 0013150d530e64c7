package dev.purecache.internal;

/**
 * The ADAPTIVE entries of a cache with a weigher: they carry the weight of their value, which the
 * stripe counts against its maximum and the policy against its queues' targets. Written and read
 * only under the stripe lock.
 */
final class WeightedClockNodes {
  private WeightedClockNodes() {}

  /** An ADAPTIVE entry with its weight. */
  static final class Plain<K, V> extends ClockNode<K, V> {
    private int weight;

    Plain(K key, V value) {
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

  /**
   * An ADAPTIVE entry with its weight and its write time: for a time to live (linked in write
   * order) or for refresh after write (where the write links stay unused).
   */
  static final class Timed<K, V> extends TimedClockNode<K, V> {
    private int weight;

    Timed(K key, V value, long writeTime) {
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
}
