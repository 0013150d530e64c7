package dev.purecache.lincheck;

import dev.purecache.Policy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The sequential specification of every backend, written as the most obvious model: a list of
 * entries, each with its value, frequency, last use, and write time, scanned in full on every
 * operation. Time is in milliseconds and moves only through {@link #advance(int)}.
 *
 * <p>Rules (DESIGN.md): a hit ({@code get}, {@code computeIfAbsent} finding a value) makes the key
 * most recently used and adds one to its frequency; {@code put} of a live key replaces the value,
 * counts as a use, restarts its time to live, and evicts nothing; inserting into a full cache
 * first drops expired entries, then evicts the policy's victim (LRU: least recently used; LFU:
 * lowest frequency, then least recently used; TTL: oldest write; LRU+TTL: least recently used;
 * ADAPTIVE: the policy's choice, which these models never have to make, since their caches either
 * hold one entry or never fill up).
 * An entry written at t is live while now &lt; t + ttl. {@code containsKey} changes nothing.
 * Subclasses fix the policy and bounds and have the no-argument constructor Lincheck needs.
 */
public abstract class CacheModel {

  private static final class Entry {
    final int key;
    int value;
    long frequency = 1;
    long lastUse;
    long writeOrder;
    long writeTime;

    Entry(int key, int value) {
      this.key = key;
      this.value = value;
    }
  }

  private final Policy policy;
  private final int capacity;
  private final long ttlMillis;
  private final List<Entry> entries = new ArrayList<>();
  private long now;
  private long sequence;

  /**
   * Creates an empty model.
   *
   * @param policy the policy
   * @param capacity the bound, or {@link Integer#MAX_VALUE} for none
   * @param ttlMillis the time to live, or 0 for none
   */
  protected CacheModel(Policy policy, int capacity, long ttlMillis) {
    this.policy = policy;
    this.capacity = capacity;
    this.ttlMillis = ttlMillis;
  }

  /** The value the test's loader computes for {@code key}. */
  static int loaded(int key) {
    return 100 + key;
  }

  public Integer get(int key) {
    Entry e = live(key);
    if (e == null) {
      return null;
    }
    use(e);
    return e.value;
  }

  public void put(int key, int value) {
    Entry e = live(key);
    if (e == null) {
      insert(key, value);
      return;
    }
    e.value = value;
    use(e);
    e.writeTime = now;
    e.writeOrder = ++sequence;
  }

  public Integer remove(int key) {
    Entry e = live(key);
    if (e == null) {
      return null;
    }
    entries.remove(e);
    return e.value;
  }

  public boolean containsKey(int key) {
    return live(key) != null;
  }

  public Integer computeIfAbsent(int key) {
    Entry e = live(key);
    if (e != null) {
      use(e);
      return e.value;
    }
    insert(key, loaded(key));
    return loaded(key);
  }

  public int size() {
    dropExpired();
    return entries.size();
  }

  public void advance(int millis) {
    now += millis;
  }

  private Entry live(int key) {
    for (Entry e : entries) {
      if (e.key == key) {
        return isExpired(e) ? null : e;
      }
    }
    return null;
  }

  private boolean isExpired(Entry e) {
    return ttlMillis != 0 && now - e.writeTime >= ttlMillis;
  }

  private void dropExpired() {
    entries.removeIf(this::isExpired);
  }

  private void use(Entry e) {
    e.frequency++;
    e.lastUse = ++sequence;
  }

  private void insert(int key, int value) {
    dropExpired();
    if (entries.size() >= capacity) {
      entries.remove(victim());
    }
    Entry e = new Entry(key, value);
    e.lastUse = ++sequence;
    e.writeOrder = sequence;
    e.writeTime = now;
    entries.add(e);
  }

  private Entry victim() {
    if (policy == Policy.ADAPTIVE && entries.size() != 1) {
      throw new IllegalStateException(
          "the ADAPTIVE models leave no choice of victim: capacity 1, or never full");
    }
    Comparator<Entry> order =
        switch (policy) {
          case ADAPTIVE -> Comparator.comparingLong(e -> e.lastUse); // one entry: no choice
          case LRU, LRU_TTL -> Comparator.comparingLong(e -> e.lastUse);
          case LFU ->
              Comparator.<Entry>comparingLong(e -> e.frequency).thenComparingLong(e -> e.lastUse);
          case TTL -> Comparator.comparingLong(e -> e.writeOrder);
        };
    return entries.stream().min(order).orElseThrow();
  }

  /** LRU, capacity 2. */
  public static final class Lru extends CacheModel {
    /** Creates the model. */
    public Lru() {
      super(Policy.LRU, CacheLincheckTest.CAPACITY, 0);
    }
  }

  /** LFU, capacity 2. */
  public static final class Lfu extends CacheModel {
    /** Creates the model. */
    public Lfu() {
      super(Policy.LFU, CacheLincheckTest.CAPACITY, 0);
    }
  }

  /** TTL, capacity 2. */
  public static final class Ttl extends CacheModel {
    /** Creates the model. */
    public Ttl() {
      super(Policy.TTL, CacheLincheckTest.CAPACITY, CacheLincheckTest.TTL_MILLIS);
    }
  }

  /** TTL without a size bound. */
  public static final class UnboundedTtl extends CacheModel {
    /** Creates the model. */
    public UnboundedTtl() {
      super(Policy.TTL, Integer.MAX_VALUE, CacheLincheckTest.TTL_MILLIS);
    }
  }

  /** LRU+TTL, capacity 2. */
  public static final class LruTtl extends CacheModel {
    /** Creates the model. */
    public LruTtl() {
      super(Policy.LRU_TTL, CacheLincheckTest.CAPACITY, CacheLincheckTest.TTL_MILLIS);
    }
  }

  /** ADAPTIVE, capacity 4: the four keys of the tests always fit, so nothing is evicted. */
  public static final class AdaptiveRoomy extends CacheModel {
    /** Creates the model. */
    public AdaptiveRoomy() {
      super(Policy.ADAPTIVE, AdaptiveLincheckTest.KEYS, 0);
    }
  }

  /** ADAPTIVE, capacity 1: every insert into a full cache evicts the one other entry. */
  public static final class AdaptiveSingle extends CacheModel {
    /** Creates the model. */
    public AdaptiveSingle() {
      super(Policy.ADAPTIVE, 1, 0);
    }
  }
}
