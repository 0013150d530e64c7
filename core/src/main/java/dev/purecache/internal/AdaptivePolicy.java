package dev.purecache.internal;

/**
 * The production policy ({@code Policy.ADAPTIVE}): W-TinyLFU over CLOCK queues, whose hits never
 * move an entry, so that a hit needs no lock and, once the entry is hot, writes nothing.
 *
 * <h2>Implementation overview</h2>
 *
 * <p><b>Shape.</b> Three FIFO queues of {@link ClockNode}s: the <em>window</em>, where every new
 * entry starts; <em>probation</em>, which holds entries admitted from the window; and
 * <em>protected</em>, which holds entries hit while in probation. A count-min sketch ({@link
 * FrequencySketch}, 4-bit counters, 16 per entry of the stripe, halved every {@code 10 *
 * capacity} additions) estimates how often each key was seen recently.
 *
 * <p><b>A hit</b> ({@link #onHitWithoutLock}) is the whole hit path and takes no lock: {@code if
 * (hits < HIT_CAP) hits++} on the node. It reads no policy field and writes nothing else: no
 * queue move, no sketch update, no shared counter. Everything else runs under the stripe lock.
 *
 * <p><b>The sketch</b> is incremented for a key when it is inserted, and once per step its CLOCK
 * counter made, credited later: whenever the policy looks at a node under the lock (a scan or a
 * removal) it adds {@code hits - credited} increments and sets {@code credited = hits}.
 *
 * <p><b>Eviction</b> ({@link #victim}, called when full, before the new node joins the window):
 *
 * <ol>
 *   <li>While the window holds more than its target and more than one node, its oldest node
 *       moves to probation (the last one stays, so that no node reaches the main space without
 *       the admission test of step 2, even if it alone weighs more than the target).
 *   <li>If the window is at its target (or the main queues are empty): the window's candidate is
 *       its oldest node not hit since it was last looked at (a node hit since is credited and goes
 *       to the window's back; at most one pass). The main victim (step 3) and the candidate are
 *       compared by the sketch: the candidate is admitted if its estimate is higher by two or more;
 *       if it is higher by one, <em>on trial</em> (marked {@link #TRIAL}), unless admission is
 *       strict or trials lose (see {@link WindowAdaptation}); or, if its estimate is at least
 *       {@link #WARM} (half the counter range), with probability 1/128, so that hash collisions
 *       cannot keep a popular key out for ever. An admitted candidate moves to probation's back and
 *       the main victim is returned; otherwise the candidate itself is.
 *   <li>Otherwise the main victim is returned: probation's oldest node whose counter is 0. A
 *       probation node with a counter above 0 has it lowered by one (after crediting) and moves to
 *       protected's back. While protected holds more than {@link #PROTECTED_SHARE} of the main
 *       space, its oldest node is lowered and sent to its back if its counter is above 0, else
 *       moved to probation's back. If probation is empty, protected's oldest node moves there
 *       with its counter cleared.
 * </ol>
 *
 * Each scan step that does not end a scan lowers a counter a hit raised, or moves a node between
 * queues once per such lowering: O(1) amortised per access. Since hits may raise counters while a
 * scan lowers them, a scan also stops after {@code (HIT_CAP + 2)} passes over the stripe and takes
 * probation's (or the window's) oldest node.
 *
 * <p><b>Adaptation</b> ({@link WindowAdaptation}): the window's target, whether admission is
 * strict, and the record of admissions on trial move with misses on recently evicted keys (its
 * ghosts) and with how candidates on trial fare; the policy reports every miss, rejection,
 * eviction from the main space, trial candidate found hit, and halving of the sketch to it.
 *
 * <p><b>Under concurrency</b> the policy is what it is from one thread, except that a hit racing
 * with a scan or with another hit of the same node may be lost (its counter step); the cache stays
 * linearizable as a bounded map, since no hit decides what a read returns.
 *
 * <p><b>With a time to live</b> the nodes are {@link TimedClockNode}s, also linked in a write
 * order whose front is the next to expire ({@link #expired}); a write moves its node to the back.
 * Expiry is independent of the queues: an expired entry leaves both, wherever it is.
 *
 * <p>The jitter's random sequence has a fixed seed, so the policy is deterministic (a reference
 * model in the tests replays it hit for hit); the sketch's key hash is the key's own hash code.
 */
final class AdaptivePolicy<K, V> implements EvictionPolicy<K, V> {
  /** The cap of a node's CLOCK hit counter (2 bits). */
  static final int HIT_CAP = 3;

  /** The smallest sketch estimate (of 15) for which a losing candidate may still be admitted. */
  static final int WARM = 8;

  /** A losing warm candidate is admitted when these low bits of a random draw are all 0. */
  static final int JITTER_MASK = 127;

  /** Sketch additions between halvings, per cached entry. */
  static final int SAMPLE_PER_ENTRY = 10;

  /** Protected's share of the main space (the capacity less the window's target). */
  static final double PROTECTED_SHARE = 0.8;

  /** The jitter's seed. */
  static final long SEED = 0x5DEECE66DL;

  /**
   * The entries the sketch and ghost table are first sized for, or the capacity if smaller. They
   * double each time the stripe holds that many entries: up to the capacity, or without a limit
   * with a weigher (whose capacity is a weight). So a stripe with a large capacity allocates its
   * tables as it fills, not when it is built. The new sketch starts with each resident key's
   * estimate from the old one (the ghosts and the other keys' counts start afresh): a stripe that
   * forgot its residents' counts half way through filling admitted candidates over them freely,
   * 10.75 points below Caffeine on one trace.
   */
  static final int INITIAL_TABLE_ENTRIES = 1_024;

  static final byte WINDOW = 1;
  static final byte PROBATION = 2;
  static final byte PROTECTED = 3;
  /** In probation, admitted on trial (by a one-count edge) and not yet found hit there. */
  static final byte TRIAL = 4;

  /** What {@link #admission} returns: the candidate loses. */
  private static final int REJECT = 0;

  /** What {@link #admission} returns: the candidate wins by two counts or more, or by jitter. */
  private static final int ADMIT = 1;

  /** What {@link #admission} returns: the candidate wins by one count, and goes on trial. */
  private static final int ADMIT_ON_TRIAL = 2;

  /** The stripe's maximum: its capacity in entries, or its maximum weight with a weigher. */
  private final int capacity;
  /** Whether nodes carry a weight: then targets and queue sizes are weights (see below). */
  private final boolean weighted;
  /** Whether nodes carry their write time ({@link StampedNodes}), for refresh after write. */
  private final boolean stampsWrites;
  /** The time to live, or 0: then there is no write order. */
  private final long ttlNanos;
  /** Every node by write time, oldest first; null without a time to live. */
  private final LinkedDeque.WriteOrder<K, V> writeOrder;
  private final ClockQueue<K, V> window = new ClockQueue<>();
  private final ClockQueue<K, V> probation = new ClockQueue<>();
  private final ClockQueue<K, V> protectedQueue = new ClockQueue<>();
  private FrequencySketch sketch;
  /** The entries {@link #sketch} and the ghost table are sized for; grows as the stripe fills. */
  private int tableEntries;
  /** The most entries the tables grow to: the capacity, or without a limit with a weigher. */
  private final int maxTableEntries;
  private long random = SEED;
  /** The window's target, strict admission and the trial record, with their ghost table. */
  private final WindowAdaptation adaptation;

  /** Creates a policy for a stripe of {@code capacity} entries, with a sketch of its own. */
  AdaptivePolicy(int capacity) {
    this(capacity, false, 0, false);
  }

  /**
   * Creates a policy for a stripe of {@code capacity} entries whose nodes carry their write time
   * if {@code stampsWrites} (refresh after write) or {@code ttlNanos} is not 0 (expiry after
   * write); with {@code weighted}, {@code capacity} is the stripe's maximum weight.
   */
  AdaptivePolicy(int capacity, boolean stampsWrites, long ttlNanos, boolean weighted) {
    this.weighted = weighted;
    this.stampsWrites = stampsWrites || ttlNanos != 0;
    this.ttlNanos = ttlNanos;
    this.writeOrder = ttlNanos == 0 ? null : new LinkedDeque.WriteOrder<>();
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
    this.maxTableEntries = weighted ? Integer.MAX_VALUE : capacity;
    this.tableEntries = Math.min(capacity, INITIAL_TABLE_ENTRIES);
    this.sketch = new FrequencySketch(tableEntries, SAMPLE_PER_ENTRY);
    this.adaptation = new WindowAdaptation(capacity, tableEntries);
  }

  /**
   * Grows the sketch and the ghost table to {@code entries} entries: a new sketch in which each
   * resident key starts at its estimate in the old one, and a ghost table whose clocks go on.
   * O(size), under the stripe lock; amortised O(1) per insertion, since the tables double.
   */
  private void growTables(int entries) {
    FrequencySketch previous = sketch;
    this.tableEntries = entries;
    this.sketch = new FrequencySketch(entries, SAMPLE_PER_ENTRY);
    adaptation.resize(entries);
    carryEstimates(previous, window);
    carryEstimates(previous, probation);
    carryEstimates(previous, protectedQueue);
  }

  /** Raises each key of {@code queue} in the sketch to its estimate in {@code previous}. */
  private void carryEstimates(FrequencySketch previous, ClockQueue<K, V> queue) {
    for (ClockNode<K, V> node = queue.head; node != null; node = node.next) {
      int hash = hash(node.key);
      sketch.raiseTo(hash, previous.frequency(hash));
    }
  }

  @Override
  public Node<K, V> newNode(K key, V value, long now) {
    if (weighted) {
      return stampsWrites
          ? new WeightedClockNodes.Timed<>(key, value, now)
          : new WeightedClockNodes.Plain<>(key, value);
    }
    if (writeOrder != null) {
      return new TimedClockNode<>(key, value, now);
    }
    return stampsWrites ? new StampedNodes.Clock<>(key, value, now) : new ClockNode<>(key, value);
  }

  @Override
  public int size() {
    return window.size + probation.size + protectedQueue.size;
  }

  /** Returns the window's current target size. */
  int windowTarget() {
    return adaptation.windowTarget();
  }

  /** Returns the sketch's estimate for {@code key}. */
  int estimate(K key) {
    return sketch.frequency(hash(key));
  }

  /** Returns the entries the sketch and the ghost table are sized for now. */
  int tableEntries() {
    return tableEntries;
  }

  /** Returns whether admission is strict (see {@link WindowAdaptation}). */
  boolean strictAdmission() {
    return adaptation.strict();
  }

  /** Returns the record of admissions on trial (see {@link WindowAdaptation}). */
  int trialRecord() {
    return adaptation.trialRecord();
  }

  /**
   * Records a hit on a node without the lock: raises its CLOCK counter if below the cap. At most
   * {@link #HIT_CAP} writes per node between two scans that lower its counter.
   */
  @Override
  public void onHitWithoutLock(Node<K, V> hit) {
    ((ClockNode<K, V>) hit).recordHit();
  }

  @Override
  public void onHits(Node<K, V> node, int times) {
    for (int i = 0; i < times && i < HIT_CAP; i++) {
      onHitWithoutLock(node);
    }
  }

  @Override
  public void onWrite(Node<K, V> node, long now) {
    if (stampsWrites) {
      node.setWriteTime(now);
    }
    if (writeOrder != null) {
      writeOrder.moveToBack(node);
    }
    onHitWithoutLock(node);
  }

  @Override
  public void add(Node<K, V> added) {
    ClockNode<K, V> node = (ClockNode<K, V>) added;
    if (size() >= tableEntries && tableEntries < maxTableEntries) {
      growTables((int) Math.min(maxTableEntries, 2L * tableEntries));
    }
    node.queue = WINDOW;
    window.addLast(node);
    if (writeOrder != null) {
      writeOrder.addLast(node);
    }
    int hash = hash(node.key);
    count(hash);
    adaptation.onMiss(hash, averageWeight());
  }

  @Override
  public void remove(Node<K, V> removed) {
    ClockNode<K, V> node = (ClockNode<K, V>) removed;
    credit(node);
    queueOf(node).unlink(node);
    node.queue = 0;
    if (writeOrder != null) {
      writeOrder.remove(node);
    }
  }

  @Override
  public Node<K, V> victim() {
    if (size() == 0) {
      return null;
    }
    int windowTarget = adaptation.windowTarget();
    while (window.weight > windowTarget && window.size > 1) {
      ClockNode<K, V> node = window.head;
      window.unlink(node);
      toProbation(node);
    }
    // by weight: a main space of weight-0 entries only has no victim that frees anything
    boolean mainEmpty = probation.weight + protectedQueue.weight == 0;
    if (window.size > 0 && (window.weight >= windowTarget || mainEmpty)) {
      ClockNode<K, V> candidate = windowCandidate();
      if (mainEmpty) {
        return candidate;
      }
      ClockNode<K, V> victim = mainVictim();
      int admission = admission(candidate, victim);
      if (admission != REJECT) {
        window.unlink(candidate);
        toProbation(candidate);
        boolean onTrial = admission == ADMIT_ON_TRIAL;
        if (onTrial) {
          candidate.queue = TRIAL;
        }
        adaptation.onEvicted(hash(victim.key), onTrial, averageWeight());
        return victim;
      }
      adaptation.onRejected(hash(candidate.key), averageWeight());
      return candidate;
    }
    ClockNode<K, V> victim = mainVictim();
    adaptation.onEvicted(hash(victim.key), false, averageWeight());
    return victim;
  }

  @Override
  public Node<K, V> expired(long now) {
    return writeOrder == null ? null : ExpiryRule.oldestIfExpired(writeOrder, now, ttlNanos);
  }

  @Override
  public long oldestWriteTime() {
    if (writeOrder == null) {
      throw new UnsupportedOperationException("entries do not expire");
    }
    Node<K, V> oldest = writeOrder.peekFirst();
    return oldest == null ? 0 : oldest.writeTime();
  }

  @Override
  public boolean needsHitBuffer() {
    return false;
  }

  /** Without the lock, a put of a mapped key only swaps the value: not with a write order. */
  @Override
  public boolean replacesWithoutLock() {
    return writeOrder == null;
  }

  @Override
  public boolean ordersHits() {
    return false;
  }

  private ClockQueue<K, V> queueOf(ClockNode<K, V> node) {
    return switch (node.queue) {
      case WINDOW -> window;
      case PROBATION, TRIAL -> probation;
      case PROTECTED -> protectedQueue;
      default -> throw new IllegalStateException("node is not linked");
    };
  }

  private ClockNode<K, V> windowCandidate() {
    for (int steps = window.size; steps > 0; steps--) {
      ClockNode<K, V> node = window.head;
      if (node.hits <= node.credited) {
        return node;
      }
      credit(node);
      window.moveToBack(node);
    }
    return window.head;
  }

  private ClockNode<K, V> mainVictim() {
    int protectedMax = (int) ((capacity - adaptation.windowTarget()) * PROTECTED_SHARE);
    for (long steps = (long) (HIT_CAP + 2) * (size() + 1); ; steps--) {
      if (probation.size == 0) {
        ClockNode<K, V> demoted = protectedQueue.head;
        protectedQueue.unlink(demoted);
        credit(demoted);
        demoted.hits = 0;
        demoted.credited = 0;
        demoted.queue = PROBATION;
        probation.addLast(demoted);
      }
      ClockNode<K, V> node = probation.head;
      if (node.hits == 0 || steps <= 0) {
        return node; // steps run out only if hits keep raising counters as the scan lowers them
      }
      if (node.queue == TRIAL) {
        adaptation.onTrialHit();
      }
      lower(node);
      probation.unlink(node);
      node.queue = PROTECTED;
      protectedQueue.addLast(node);
      while (protectedQueue.weight > protectedMax) {
        ClockNode<K, V> oldest = protectedQueue.head;
        protectedQueue.unlink(oldest);
        if (oldest.hits > 0 && steps-- > 0) {
          lower(oldest);
          protectedQueue.addLast(oldest);
        } else {
          credit(oldest);
          oldest.queue = PROBATION;
          probation.addLast(oldest);
        }
      }
    }
  }

  /** Credits the sketch with a node's new counter steps, then lowers its counter by one. */
  private void lower(ClockNode<K, V> node) {
    credit(node);
    node.hits = (byte) Math.max(0, node.hits - 1);
    node.credited = node.hits;
  }

  private void toProbation(ClockNode<K, V> node) {
    credit(node);
    node.queue = PROBATION;
    probation.addLast(node);
  }

  /**
   * Whether the candidate displaces the main victim: {@link #ADMIT} if its estimate is higher by
   * two or more, {@link #ADMIT_ON_TRIAL} if by one while admission is not strict (and, while
   * trials lose, a draw allows it), {@link #ADMIT} on the warm jitter, else {@link #REJECT}.
   */
  private int admission(ClockNode<K, V> candidate, ClockNode<K, V> victim) {
    int candidateFrequency = sketch.frequency(hash(candidate.key));
    int victimFrequency = sketch.frequency(hash(victim.key));
    if (candidateFrequency > victimFrequency + 1) {
      return ADMIT;
    }
    if (candidateFrequency == victimFrequency + 1
        && !adaptation.strict()
        && (!adaptation.trialsLose()
            || (nextRandom() & WindowAdaptation.TRIAL_SAMPLE_MASK) == 0)) {
      return ADMIT_ON_TRIAL;
    }
    return candidateFrequency >= WARM && (nextRandom() & JITTER_MASK) == 0 ? ADMIT : REJECT;
  }

  /**
   * Adds one occurrence of a key to the sketch; when that halves the sketch's counters, the trial
   * record is halved too (toward 0), so that it, like the counts, reflects recent admissions.
   */
  private void count(int hash) {
    if (sketch.increment(hash)) {
      adaptation.onSampleEnd();
    }
  }

  private void credit(ClockNode<K, V> node) {
    int fresh = node.hits - node.credited;
    if (fresh > 0) {
      int hash = hash(node.key);
      for (int i = 0; i < fresh; i++) {
        count(hash);
      }
      node.credited = node.hits;
    }
  }

  /** The mean weight of the stripe's entries, at least 1; 1 without a weigher. */
  private long averageWeight() {
    if (!weighted) {
      return 1;
    }
    long total = window.weight + probation.weight + protectedQueue.weight;
    return Math.max(1, total / Math.max(1, size()));
  }

  /**
   * A victim of weight 0 moves to protected's back: it is never evicted for size, and protected's
   * other nodes, whose weight it does not add to, reach probation before it comes round again.
   */
  @Override
  public void passOver(Node<K, V> victim) {
    ClockNode<K, V> node = (ClockNode<K, V>) victim;
    credit(node);
    queueOf(node).unlink(node);
    node.queue = PROTECTED;
    protectedQueue.addLast(node);
  }

  @Override
  public void onReweigh(Node<K, V> node, int oldWeight) {
    queueOf((ClockNode<K, V>) node).weight += node.weight() - oldWeight;
  }

  private long nextRandom() {
    long z = (random += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Returns the hash the sketch sees for a key. */
  static int hash(Object key) {
    int h = key.hashCode();
    return h ^ (h >>> 16);
  }
}
