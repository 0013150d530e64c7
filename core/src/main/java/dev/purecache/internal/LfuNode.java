package dev.purecache.internal;

/** An entry in a frequency bucket (LFU); its access links order it within the bucket. */
class LfuNode<K, V> extends AccessNode<K, V> {
  FrequencyBucket<K, V> bucket;

  LfuNode(K key, V value) {
    super(key, value);
  }

  @Override
  boolean isLinked() {
    return bucket != null;
  }
}
