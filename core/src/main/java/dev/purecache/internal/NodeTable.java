package dev.purecache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The cache's mappings from key to {@link Node}: one chained hash table whose buckets hold the
 * entries themselves, linked through {@link Node#chain}. A lookup loads the table, one bucket and
 * the nodes of its chain: no entry object of a map stands between the table and the cache's node.
 *
 * <h2>Implementation overview</h2>
 *
 * A key's {@linkplain #spread spread hash} picks its stripe (its top bits) and its bucket (as many
 * top bits as the table has buckets), so each stripe owns one segment of the table, the same
 * length for every stripe. Invariants:
 *
 * <ul>
 *   <li>Every change to a stripe's segment (insert, remove) is made with that stripe's lock held,
 *       so each chain has one writer at a time and no atomic instruction is needed. A resize
 *       holds every stripe lock.
 *   <li>A node is in at most one chain, that of its key's bucket in the current table, and its
 *       {@link Node#hash} is set before the node is published by a release store of its bucket.
 *       The table never holds two nodes of equal keys.
 *   <li>A node's chain link is written only while the node is in the table: as it is inserted
 *       (before it is published), when the node after it is removed, and by a resize. Once removed,
 *       a node's link never changes, so a reader standing on it goes on along nodes that were in
 *       the table when it was removed.
 *   <li>A resize first clears {@link #table} (a volatile store), then relinks every node into a
 *       table of twice the length with release stores (bucket {@code i} splits into {@code 2i} and
 *       {@code 2i + 1}, in the same stripe's segment), then publishes that table. The table only
 *       grows: when a stripe holds as many nodes as its segment has buckets, if every other stripe
 *       lock can be taken at once without waiting.
 * </ul>
 *
 * <p><b>Readers</b> take no lock. They load the table (volatile), the bucket and each link with
 * acquire loads. Every node a reader reaches was in the table at some moment since the reader
 * loaded the table, so a hit is a hit. A miss is certain only if the table is still the current
 * one when the reader looks again: a reader that followed a link a resize rewrote sees the cleared
 * table, since the clear came first, and retries; one that finds the table cleared waits for the
 * resize by taking its key's stripe lock.
 *
 * <p><b>Lock order</b>: an insert that doubles the table holds its own stripe lock and takes the
 * others with {@code tryLock}, giving up (the chains only grow longer) if one is held: no thread
 * waits for a stripe lock while it holds another. Readers take a stripe lock only to wait for a
 * resize, and iteration one stripe's at a time, with no other lock held and no user code run.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class NodeTable<K, V> {
  private static final VarHandle TABLE;
  private static final VarHandle BUCKETS = MethodHandles.arrayElementVarHandle(Node[].class);

  static {
    try {
      TABLE = MethodHandles.lookup().findVarHandle(NodeTable.class, "table", Node[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The largest table: doubling stops here, and chains grow instead. */
  private static final int MAXIMUM_LENGTH = 1 << 30;

  /** The length of each stripe's segment in a new table, unless the stripes hold fewer entries. */
  static final int INITIAL_SEGMENT = 16;

  /**
   * The buckets, stripe {@code s}'s the segment {@code [s * segment, (s + 1) * segment)}; null
   * while a resize is in progress.
   */
  @SuppressWarnings("unused") // through TABLE
  private volatile Node<K, V>[] table;
  private final Stripe<K, V>[] stripes;
  private final int stripeMask;
  /** log2 of the stripe count: the spread hash's top bits, which pick the stripe. */
  private final int stripeBits;

  NodeTable(Stripe<K, V>[] stripes) {
    this.stripes = stripes;
    this.stripeMask = stripes.length - 1;
    this.stripeBits = Integer.numberOfTrailingZeros(stripes.length);
    long maximum = stripes[0].maximum;
    int segment = maximum >= INITIAL_SEGMENT ? INITIAL_SEGMENT : ceilingPowerOfTwo(maximum);
    this.table = newArray(Math.max(2, segment << stripeBits));
  }

  private static int ceilingPowerOfTwo(long n) {
    return n <= 1 ? 1 : Integer.highestOneBit((int) n - 1) << 1;
  }

  /**
   * Mixes a hash code (Fibonacci hashing): the stripe index is the top bits of the result, and
   * the bucket the top bits too, as many as the table has buckets; so keys with nearby hash codes
   * spread evenly over stripes and buckets, and patterns in the low bits are mixed in.
   */
  static int spread(int hashCode) {
    return (hashCode ^ (hashCode >>> 16)) * 0x9E3779B9;
  }

  /** Returns the stripe of a spread hash among {@code stripeMask + 1} stripes (a power of two). */
  static int stripeIndex(int spread, int stripeMask) {
    return (spread >>> (Integer.SIZE - Integer.bitCount(stripeMask))) & stripeMask;
  }

  /**
   * Returns the bucket of a spread hash in a table of {@code length} buckets (a power of two, at
   * least 2): its top bits, the stripe's first.
   */
  private static int bucket(int spread, int length) {
    return spread >>> (Integer.numberOfLeadingZeros(length) + 1);
  }

  /**
   * Returns the node of {@code key}, or null; takes no lock unless a resize is in progress, and
   * then waits for it.
   */
  Node<K, V> get(Object key) {
    int h = spread(key.hashCode());
    Node<K, V>[] t = table;
    for (; ; ) {
      if (t == null) {
        awaitResize(h);
        t = table;
        continue;
      }
      for (Node<K, V> e = bucketAt(t, bucket(h, t.length)); e != null; e = e.chainAcquire()) {
        Object k;
        if (e.hash == h && ((k = e.key) == key || key.equals(k))) {
          return e;
        }
      }
      Node<K, V>[] current = table;
      if (current == t) {
        return null;
      }
      t = current; // a resize ran meanwhile: the miss may have followed a rewritten link
    }
  }

  /**
   * Adds {@code node}, whose key has no node in the table; the caller holds the lock of the key's
   * stripe, {@code stripe}. Doubles the table first if the stripe fills its segment and every
   * other stripe's lock is free at once.
   */
  void insert(Stripe<K, V> stripe, Node<K, V> node) {
    assert stripe.isHeldByCurrentThread();
    int h = spread(node.key.hashCode());
    assert stripes[stripeIndex(h, stripeMask)] == stripe;
    Node<K, V>[] t = table;
    if (stripe.tableCount >= t.length >>> stripeBits && t.length < MAXIMUM_LENGTH) {
      t = tryResize(stripe, t);
    }
    int i = bucket(h, t.length);
    node.hash = h;
    node.chain = t[i];
    BUCKETS.setRelease(t, i, node); // publishes the node with its key, hash and link
    stripe.tableCount++;
  }

  /**
   * Removes {@code node}, which is in the table; the caller holds the lock of its stripe, {@code
   * stripe}. The node's own link is left as it is, for readers standing on it.
   */
  void remove(Stripe<K, V> stripe, Node<K, V> node) {
    assert stripe.isHeldByCurrentThread();
    assert stripes[stripeIndex(node.hash, stripeMask)] == stripe;
    Node<K, V>[] t = table;
    int i = bucket(node.hash, t.length);
    Node<K, V> e = t[i];
    if (e == node) {
      BUCKETS.setRelease(t, i, node.chain);
    } else {
      while (e.chain != node) {
        e = e.chain; // a NullPointerException here would mean the node was not in the table
      }
      e.setChainRelease(node.chain);
    }
    stripe.tableCount--;
  }

  /**
   * Doubles the table if every other stripe's lock can be taken without waiting; the caller holds
   * {@code held}. Returns the current table, doubled or not: a table left as it is only has
   * longer chains, and a later insert tries again. Taking the locks with {@code tryLock} keeps
   * the lock order: no thread ever waits for a stripe lock while holding another.
   */
  private Node<K, V>[] tryResize(Stripe<K, V> held, Node<K, V>[] t) {
    int locked = 0;
    try {
      for (; locked < stripes.length; locked++) {
        if (stripes[locked] != held && !stripes[locked].tryLock()) {
          return t;
        }
      }
      return resize(t);
    } finally {
      for (int s = locked - 1; s >= 0; s--) {
        if (stripes[s] != held) {
          stripes[s].unlock();
        }
      }
    }
  }

  /**
   * Doubles the table; the caller holds every stripe lock. Each bucket {@code i} splits into
   * {@code 2i} and {@code 2i + 1}, which belong to the same stripe. Readers that find the table
   * cleared wait for a stripe lock; those on the old table retry on a miss (see the overview).
   */
  private Node<K, V>[] resize(Node<K, V>[] t) {
    Node<K, V>[] grown = newArray(t.length << 1);
    TABLE.setVolatile(this, (Node<K, V>[]) null); // before any link changes: see get
    for (Node<K, V> head : t) {
      for (Node<K, V> e = head; e != null; ) {
        Node<K, V> next = e.chain;
        int i = bucket(e.hash, grown.length);
        e.setChainRelease(grown[i]);
        grown[i] = e;
        e = next;
      }
    }
    TABLE.setVolatile(this, grown);
    return grown;
  }

  /** Waits until the resize in progress, if any, is over: it holds every stripe lock. */
  private void awaitResize(int spread) {
    Stripe<K, V> stripe = stripes[stripeIndex(spread, stripeMask)];
    stripe.lock();
    stripe.unlock();
  }

  @SuppressWarnings("unchecked")
  private static <K, V> Node<K, V> bucketAt(Node<K, V>[] table, int i) {
    return (Node<K, V>) BUCKETS.getAcquire(table, i);
  }

  /**
   * Returns the nodes, weakly consistent: each node in the table from the call until its stripe
   * is reached, exactly once; nodes added or removed meanwhile may or may not be. Lists one stripe
   * at a time, under its lock.
   */
  Iterator<Node<K, V>> nodes() {
    return new Iterator<>() {
      private int nextStripe;
      private Node<K, V>[] listed = newArray(0);
      private int index;

      @Override
      public boolean hasNext() {
        while (index == listed.length && nextStripe < stripes.length) {
          listed = list(nextStripe++);
          index = 0;
        }
        return index < listed.length;
      }

      @Override
      public Node<K, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return listed[index++];
      }
    };
  }

  /** Returns the nodes of stripe {@code s}: its segment, read under its lock. */
  private Node<K, V>[] list(int s) {
    Stripe<K, V> stripe = stripes[s];
    stripe.lock();
    try {
      Node<K, V>[] t = table; // no resize runs while this lock is held
      int segment = t.length >>> stripeBits;
      Node<K, V>[] listed = newArray(stripe.tableCount);
      int n = 0;
      for (int i = s * segment; i < (s + 1) * segment; i++) {
        for (Node<K, V> e = t[i]; e != null; e = e.chain) {
          listed[n++] = e;
        }
      }
      assert n == listed.length;
      return listed;
    } finally {
      stripe.unlock();
    }
  }

  @SuppressWarnings("unchecked")
  private static <K, V> Node<K, V>[] newArray(int length) {
    return (Node<K, V>[]) new Node<?, ?>[length];
  }
}
