package dev.purecache.internal;

/**
 * Least frequently used in O(1): a circular list of frequency buckets in ascending count around a
 * sentinel bucket (count 0), each bucket holding its entries least recently used first. The
 * first bucket after the sentinel is the minimum frequency; its first entry is the victim, which
 * breaks ties between equal counts by least recent use.
 *
 * <p>Invariants: no linked bucket is empty; counts strictly increase from the sentinel onwards;
 * every linked node sits in the bucket of its count.
 *
 * <p>Hits seldom allocate. A node alone in its bucket, with no bucket up to its new count, takes
 * its bucket along (the count is raised in place): this is every hit on a hot key, whose count no
 * other key shares. Otherwise the node moves to the bucket of its new count, made from the last
 * emptied bucket when there is one.
 */
final class LfuPolicy<K, V> implements EvictionPolicy<K, V> {
  private final FrequencyBucket<K, V> sentinel = new FrequencyBucket<>(0);
  private int size;
  /** The last bucket emptied, unlinked, kept to make the next bucket; or null. */
  private FrequencyBucket<K, V> spare;
  /** Whether nodes carry their write time ({@link StampedNodes}), for refresh after write. */
  private final boolean stampsWrites;

  LfuPolicy() {
    this(false);
  }

  LfuPolicy(boolean stampsWrites) {
    this.stampsWrites = stampsWrites;
  }

  @Override
  public Node<K, V> newNode(K key, V value, long now) {
    return stampsWrites ? new StampedNodes.Lfu<>(key, value, now) : new LfuNode<>(key, value);
  }

  @Override
  public void add(Node<K, V> node) {
    FrequencyBucket<K, V> first = sentinel.next;
    FrequencyBucket<K, V> ones = first.frequency == 1 ? first : bucketAfter(sentinel, 1);
    link((LfuNode<K, V>) node, ones);
    size++;
  }

  @Override
  public void onHits(Node<K, V> node, int times) {
    increment((LfuNode<K, V>) node, times);
  }

  @Override
  public void onWrite(Node<K, V> node, long now) {
    if (stampsWrites) {
      node.setWriteTime(now);
    }
    increment((LfuNode<K, V>) node, 1);
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
  public boolean ordersHits() {
    return true;
  }

  @Override
  public int size() {
    return size;
  }

  /**
   * Adds {@code times} uses (saturating at {@link Integer#MAX_VALUE}) and makes the node the most
   * recent of its new count. Walks forward from its bucket: O(1) for one use, and at most the
   * number of distinct counts for many.
   */
  private void increment(LfuNode<K, V> node, int times) {
    FrequencyBucket<K, V> current = node.bucket;
    int target = (int) Math.min((long) current.frequency + times, Integer.MAX_VALUE);
    if (target == current.frequency) {
      current.entries.moveToBack(node); // saturated: still the most recent of its count
      return;
    }
    FrequencyBucket<K, V> before = current;
    while (before.next != sentinel && before.next.frequency <= target) {
      before = before.next;
    }
    if (before == current && current.entries.size() == 1) {
      current.frequency = target; // alone, and no bucket in between: the bucket moves up with it
      return;
    }
    FrequencyBucket<K, V> destination =
        before.frequency == target ? before : bucketAfter(before, target);
    unlink(node);
    link(node, destination);
  }

  /** Links an empty bucket of {@code frequency} right after {@code before}, reusing the spare. */
  private FrequencyBucket<K, V> bucketAfter(FrequencyBucket<K, V> before, int frequency) {
    FrequencyBucket<K, V> bucket = spare;
    if (bucket == null) {
      bucket = new FrequencyBucket<>(frequency);
    } else {
      spare = null;
      bucket.frequency = frequency;
    }
    before.linkAfter(bucket);
    return bucket;
  }

  private static <K, V> void link(LfuNode<K, V> node, FrequencyBucket<K, V> bucket) {
    bucket.entries.addLast(node);
    node.bucket = bucket;
  }

  private void unlink(LfuNode<K, V> node) {
    FrequencyBucket<K, V> bucket = node.bucket;
    bucket.entries.remove(node);
    node.bucket = null;
    if (bucket.entries.isEmpty()) {
      bucket.unlink();
      spare = bucket;
    }
  }
}
