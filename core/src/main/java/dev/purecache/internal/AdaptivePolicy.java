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
 * FrequencySketch}, 4-bit counters, halved every {@code 10 * capacity} additions) estimates how
 * often each key was seen recently.
 *
 * <p><b>A hit</b> ({@link #onHitWithoutLock}) is the whole hit path and takes no lock. It reads
 * the policy's period number and writes two bytes of the node, each only if it changes: {@code if
 * (hits < HIT_CAP) hits++}, and the node's sample count of this period (1 on the first hit of a
 * period, then raised up to {@link #SAMPLE_CAP}). No queue move, no sketch update, no shared
 * counter. Everything else runs under the stripe lock.
 *
 * <p><b>The sketch</b> is incremented for a key when it is inserted, and once per step its CLOCK
 * counter made, credited later: whenever the policy looks at a node under the lock (a scan or a
 * removal) it adds {@code hits - credited} increments and sets {@code credited = hits}.
 *
 * <p><b>Eviction</b> ({@link #victim}, called when full, before the new node joins the window):
 *
 * <ol>
 *   <li>While the window holds more than its target, its oldest node moves to probation.
 *   <li>If the window is at its target (or the main queues are empty): the window's candidate is
 *       its oldest node not hit since it was last looked at (a node hit since is credited and goes
 *       to the window's back; at most one pass). The main victim (step 3) and the candidate are
 *       compared by the sketch: the candidate is admitted if its estimate is higher, or, if its
 *       estimate is at least {@link #WARM} (half the counter range), with probability 1/128, so
 *       that hash collisions cannot keep a popular key out for ever. An admitted candidate moves
 *       to probation's back and the main victim is returned; otherwise the candidate itself is.
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
 * <p><b>Adaptation.</b> The window's target starts at 1% of the capacity and is hill-climbed. A
 * sampling period ends when insertions plus sketch credits reach {@code 10 * capacity}. The policy
 * then sums the sample counts of this period over its nodes (and those of nodes removed during
 * it): the period's sampled hits {@code s}, each node counting at most {@link #SAMPLE_CAP}. The
 * sample hit rate is {@code s / (s + insertions)}. If it fell since the last period, the climber
 * reverses; it moves the target by its step, which starts at 1/16 of the capacity, shrinks by 2% a
 * period and restarts when the rate moves by 5 points or more. The sum visits every node once per
 * period: at most 1/10 of a visit per insertion or credit.
 *
 * <p><b>Under concurrency</b> the policy is what it is from one thread, except that a hit racing
 * with a scan or with another hit of the same node may be lost (its counter step); the cache stays
 * linearizable as a bounded map, since no hit decides what a read returns.
 *
 * <p>The jitter's random sequence has a fixed seed, so the policy is deterministic (a reference
 * model in the tests replays it hit for hit); the sketch's key hash is the key's own hash code.
 */
final class AdaptivePolicy<K, V> implements EvictionPolicy<K, V> {
  /** The cap of a node's CLOCK hit counter (2 bits). */
  static final int HIT_CAP = 3;

  /** The cap of a node's hit count per sampling period (2 bits). */
  static final int SAMPLE_CAP = 3;

  /** The smallest sketch estimate (of 15) for which a losing candidate may still be admitted. */
  static final int WARM = 8;

  /** A losing warm candidate is admitted when these low bits of a random draw are all 0. */
  static final int JITTER_MASK = 127;

  /** Sketch additions between halvings, and events per sampling period, per cached entry. */
  static final int SAMPLE_PER_ENTRY = 10;

  /** Protected's share of the main space (the capacity less the window's target). */
  static final double PROTECTED_SHARE = 0.8;

  /** The window's first target, as a share of the capacity. */
  static final double INITIAL_WINDOW = 0.01;

  /** The climber's first step, as a share of the capacity. */
  static final double STEP = 0.0625;

  /** The factor the climber's step shrinks by each period. */
  static final double STEP_DECAY = 0.98;

  /** A change of the sample hit rate this large restarts the climber's step. */
  static final double RESTART = 0.05;

  /** The jitter's seed. */
  static final long SEED = 0x5DEECE66DL;

  static final byte WINDOW = 1;
  static final byte PROBATION = 2;
  static final byte PROTECTED = 3;

  private final int capacity;
  private final Queue<K, V> window = new Queue<>();
  private final Queue<K, V> probation = new Queue<>();
  private final Queue<K, V> protectedQueue = new Queue<>();
  private final FrequencySketch sketch;
  private long random = SEED;

  private int windowTarget;
  private final int period;
  /** The current period's number, 1 to 63; hits read it without the lock. */
  private volatile int epoch = 1;
  private int periodEvents;
  private int periodInsertions;
  private long removedSamples;
  private double previousRate = -1;
  private double step;
  private int direction = 1;

  /** Creates a policy for a stripe of {@code capacity} entries, with a sketch of its own. */
  AdaptivePolicy(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
    this.sketch = new FrequencySketch(capacity, SAMPLE_PER_ENTRY);
    this.windowTarget = Math.max(1, (int) (capacity * INITIAL_WINDOW));
    this.period = SAMPLE_PER_ENTRY * capacity;
    this.step = capacity * STEP;
  }

  @Override
  public Node<K, V> newNode(K key, V value, long now) {
    return new ClockNode<>(key, value);
  }

  @Override
  public int size() {
    return window.size + probation.size + protectedQueue.size;
  }

  /** Returns the window's current target size. */
  int windowTarget() {
    return windowTarget;
  }

  /**
   * Records a hit on a node without the lock. Writes a byte of the node only if it changes: at
   * most {@code HIT_CAP + SAMPLE_CAP} writes per node per sampling period and scan.
   */
  @Override
  public void onHitWithoutLock(Node<K, V> hit) {
    ClockNode<K, V> node = (ClockNode<K, V>) hit;
    if (node.hits < HIT_CAP) {
      node.hits++;
    }
    int current = epoch;
    int sample = node.sample & 0xFF;
    if ((sample >>> 2) != current) {
      node.sample = (byte) (current << 2 | 1);
    } else if ((sample & 3) < SAMPLE_CAP) {
      node.sample = (byte) (sample + 1);
    }
  }

  @Override
  public void onHits(Node<K, V> node, int times) {
    for (int i = 0; i < times && i < HIT_CAP + SAMPLE_CAP; i++) {
      onHitWithoutLock(node);
    }
  }

  @Override
  public void onWrite(Node<K, V> node, long now) {
    onHitWithoutLock(node);
  }

  @Override
  public void add(Node<K, V> added) {
    ClockNode<K, V> node = (ClockNode<K, V>) added;
    node.queue = WINDOW;
    window.addLast(node);
    sketch.increment(hash(node.key));
    periodInsertions++;
    if (++periodEvents >= period) {
      climb();
    }
  }

  @Override
  public void remove(Node<K, V> removed) {
    ClockNode<K, V> node = (ClockNode<K, V>) removed;
    credit(node);
    removedSamples += samplesOf(node);
    queueOf(node).unlink(node);
    node.queue = 0;
  }

  @Override
  public Node<K, V> victim() {
    if (size() == 0) {
      return null;
    }
    while (window.size > windowTarget) {
      ClockNode<K, V> node = window.head;
      window.unlink(node);
      toProbation(node);
    }
    boolean mainEmpty = probation.size + protectedQueue.size == 0;
    if (window.size > 0 && (window.size >= windowTarget || mainEmpty)) {
      ClockNode<K, V> candidate = windowCandidate();
      if (mainEmpty) {
        return candidate;
      }
      ClockNode<K, V> victim = mainVictim();
      if (admit(candidate, victim)) {
        window.unlink(candidate);
        toProbation(candidate);
        return victim;
      }
      return candidate;
    }
    return mainVictim();
  }

  @Override
  public Node<K, V> expired(long now) {
    return null;
  }

  @Override
  public boolean ordersHits() {
    return false;
  }

  private Queue<K, V> queueOf(ClockNode<K, V> node) {
    return switch (node.queue) {
      case WINDOW -> window;
      case PROBATION -> probation;
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
    int protectedMax = (int) ((capacity - windowTarget) * PROTECTED_SHARE);
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
      lower(node);
      probation.unlink(node);
      node.queue = PROTECTED;
      protectedQueue.addLast(node);
      while (protectedQueue.size > protectedMax) {
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

  private boolean admit(ClockNode<K, V> candidate, ClockNode<K, V> victim) {
    int candidateFrequency = sketch.frequency(hash(candidate.key));
    int victimFrequency = sketch.frequency(hash(victim.key));
    if (candidateFrequency > victimFrequency) {
      return true;
    }
    return candidateFrequency >= WARM && (nextRandom() & JITTER_MASK) == 0;
  }

  private void credit(ClockNode<K, V> node) {
    int fresh = node.hits - node.credited;
    if (fresh > 0) {
      int hash = hash(node.key);
      for (int i = 0; i < fresh; i++) {
        sketch.increment(hash);
      }
      periodEvents += fresh;
      node.credited = node.hits;
    }
  }

  /** The node's sampled hits in the current period. */
  private int samplesOf(ClockNode<K, V> node) {
    int sample = node.sample & 0xFF;
    return (sample >>> 2) == epoch ? sample & 3 : 0;
  }

  /** Ends a sampling period: measures its sample hit rate and moves the window's target. */
  private void climb() {
    long sampled = removedSamples;
    for (Queue<K, V> queue : java.util.List.of(window, probation, protectedQueue)) {
      for (ClockNode<K, V> node = queue.head; node != null; node = node.next) {
        sampled += samplesOf(node);
      }
    }
    double rate = (double) sampled / (sampled + periodInsertions);
    periodEvents = 0;
    periodInsertions = 0;
    removedSamples = 0;
    epoch = epoch == 63 ? 1 : epoch + 1;
    if (previousRate >= 0) {
      if (rate < previousRate) {
        direction = -direction;
      }
      step = Math.abs(rate - previousRate) >= RESTART ? capacity * STEP : step * STEP_DECAY;
    }
    previousRate = rate;
    long next = windowTarget + Math.round(direction * step);
    windowTarget = (int) Math.max(1, Math.min(capacity - 1, next));
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

  /** An intrusive doubly linked FIFO of nodes. */
  private static final class Queue<K, V> {
    ClockNode<K, V> head;
    ClockNode<K, V> tail;
    int size;

    void addLast(ClockNode<K, V> node) {
      node.prev = tail;
      node.next = null;
      if (tail == null) {
        head = node;
      } else {
        tail.next = node;
      }
      tail = node;
      size++;
    }

    void unlink(ClockNode<K, V> node) {
      if (node.prev == null) {
        head = node.next;
      } else {
        node.prev.next = node.next;
      }
      if (node.next == null) {
        tail = node.prev;
      } else {
        node.next.prev = node.prev;
      }
      node.prev = null;
      node.next = null;
      size--;
    }

    void moveToBack(ClockNode<K, V> node) {
      if (tail != node) {
        unlink(node);
        addLast(node);
      }
    }
  }
}
