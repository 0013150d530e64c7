package dev.purecache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The hits of one stripe's lock-free reads, in the order they took effect, waiting to be applied
 * to its policy. Many producers (readers) and one consumer (the holder of the stripe lock). It
 * never drops a hit: when it is full, a reader drains it (or waits for the drainer) and retries.
 *
 * <h2>Implementation overview</h2>
 *
 * A bounded array ring with a claim counter {@code tail} and a consume counter {@code head},
 * which share one cache line (every reader reads both; the consumer writes {@code head} once per
 * drain). A slot is null when free. A reader claims slot {@code t} with a CAS on {@code tail},
 * then re-reads the stripe's sequence number, then fills the slot with its node if the sequence
 * was unchanged (the read is valid) or with {@link #CANCELLED} if a writer intervened (the read
 * will be retried, and must leave no trace). The consumer, before a write, first makes the
 * sequence odd and then reads {@code tail}: by the total order of volatile accesses, every reader
 * that saw the old even sequence after its claim had claimed before that {@code tail} read, so
 * the consumer applies its hit before deciding any eviction, waiting the few instructions until
 * the slot is filled. It frees each slot it consumes before it publishes the new {@code head}
 * (a release store), so a reader that may claim slot {@code t} (because {@code t - head <
 * CAPACITY}) finds the slot's previous round consumed and freed, and a non-null slot at the
 * consumer's {@code head} was filled by the claim of this round.
 *
 * <p><b>Repeated hits.</b> For a recency policy, a hit on the node that is already the most
 * recent is a no-op. A reader that sees {@code tail == t} before and after finding slot {@code
 * t - 1} holding its node knows that at that instant its node was the last hit to take effect
 * (the slot cannot hold an older round, which was freed before claim {@code t - 1}, nor a newer
 * one, which needs {@code tail > t}), so it records nothing and writes no shared memory. For that
 * to hold, nothing else may have made another node the most recent since that claim. Hits taken
 * under the lock go through the buffer. A write begins by draining it, which frees every claimed
 * slot, and a hit claimed while the write runs is stale (the sequence moved) and filled with
 * {@link #CANCELLED}; so after a write the last slot is free or cancelled until a new valid hit
 * is claimed, and a write during the reader's own window is caught by the caller's sequence
 * validation. A drain frees the last slot, so the first hit after a drain is recorded even if it
 * repeats; this is what keeps a hot key from bouncing the {@code tail} cache line between cores
 * at every read.
 *
 * <p><b>The repeat hint.</b> When the previous claim came from another core, the last slot is on a
 * line that core has just written, while the reader is about to take the counters' line anyway. So
 * every claim of a hit that may be skipped (a hit under a recency order, lock-free or under the
 * lock) also stores its node in {@code lastClaimed}, on the counters' line, right after its CAS,
 * and a reader reads the last slot only when its node is that hint. The hint is opaque and may be
 * stale or out of step with {@code tail}: it only decides whether to make the check above, never
 * its outcome, so it can turn a repeat into a recorded hit (a no-op on the order) but never skips
 * a hit that the check would record. Other claims (LFU's hits, replaces) leave the hint as it is:
 * a stale hint only costs a read of the last slot. Every drain clears it (after a drain the check
 * fails anyway), so the hint does not keep a removed node reachable: a write drains before it
 * removes, and only a claim whose hint store races that drain can leave its node there, until the
 * next drain.
 *
 * <p><b>Replaces.</b> A lock-free replace of a value ({@link #claim}, then {@link #publish})
 * claims its slot and re-reads the sequence before it changes anything, and fills the slot only
 * after its change. Since the consumer waits for every slot it has seen claimed to be filled, a
 * write that begins after the claim cannot get past its drain until the change is done, and one
 * that began before it is caught by the re-read; either way the change falls between two writes.
 *
 * <p><b>Hits in place.</b> Where hits change the order (LRU, LFU, LRU+TTL), the order word, on the
 * counters' line, is what a thread holds to change the policy: the holder of the stripe lock holds
 * it for as long as it holds the lock (see {@link Stripe#lock()}), so the consumer always does, and
 * a lock-free reader may take it with one CAS, never waiting for it, to apply its own hit to the
 * policy at once instead of buffering it; such a reader never moves {@code head}. It does so only
 * if the stripe's sequence is still its read's stamp (no write began since its lookup, and none can
 * begin while it holds the word, so its read is valid there) and the buffer is empty ({@code head
 * == tail}): every hit that took effect earlier has been applied, so the order stays the order in
 * which the hits took effect, and a claim made after that check is a hit that takes effect after
 * this one. An empty buffer has its last slot freed, so a reader that skips a repeated hit (above)
 * found its node in that slot before the hit in place, while it was still the last hit. Otherwise
 * the reader releases the word and claims a slot as usual. A lock-free replace of an untimed entry
 * does the same ({@link LockFreeReplace}): holding the word, it swaps the value and applies its
 * hit, so that a mix of reads and replaces keeps the buffer empty. On one thread a hit is then one
 * CAS and the policy's own work: no slot is written or read back, and no drain runs. Under
 * contention a hint keeps hits in place to one thread between drains (see {@link
 * #mayApplyInPlace}). The section under the word alone is a few instructions of the policy and
 * never user code; a lock holder that finds the word taken spins for it.
 *
 * <p><b>Values.</b> A read takes effect where its hit takes its place in the order, so {@link
 * #offer} checks, once the place is the hit's (the order word held, or the slot claimed and
 * validated) and before the hit is applied or the slot filled, that the node still holds the value
 * the reader read. If a lock-free replace changed it, the read is stale and retried; otherwise a
 * read held between its lookup and its hit could return the value a put replaced and still count
 * after the hits that followed that put.
 *
 * <p>Invariants: {@code head <= tail <= head + CAPACITY}; a slot is non-null exactly from the
 * fill of its claim until the consumer frees it; hits are applied in claim order, which is the
 * order in which the reads took effect; where hits change the order, the policy changes only with
 * the order word held.
 */
final class HitBuffer extends HitBufferPadding {
  static final int CAPACITY = 128;
  private static final int MASK = CAPACITY - 1;
  /** A reader whose claim lands on a multiple of this stride tries to drain the buffer. */
  static final int DRAIN_STRIDE = 32;
  private static final int CLAIM_ATTEMPTS = 4;

  static final int RECORDED = 0;
  static final int STALE = 1;
  static final int FULL = 2;
  /** Recorded, in a slot at which the reader should try to drain the buffer. */
  static final int RECORDED_DRAIN = 3;

  static final Object CANCELLED = new Object();

  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final VarHandle TAIL;
  private static final VarHandle HEAD;
  private static final VarHandle LAST_CLAIMED;
  private static final VarHandle ORDER;
  private static final VarHandle IN_PLACE_THREAD;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TAIL = lookup.findVarHandle(HitBufferCounters.class, "tail", long.class);
      HEAD = lookup.findVarHandle(HitBufferCounters.class, "head", long.class);
      LAST_CLAIMED = lookup.findVarHandle(HitBufferCounters.class, "lastClaimed", Object.class);
      ORDER = lookup.findVarHandle(HitBufferCounters.class, "order", int.class);
      IN_PLACE_THREAD = lookup.findVarHandle(HitBufferCounters.class, "inPlaceThread", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object[] slots = new Object[CAPACITY];
  private final boolean skipRepeats;

  /**
   * @param skipRepeats whether a hit on the most recent node may be skipped (true for recency
   *     orders, false for LFU, where every hit counts)
   */
  HitBuffer(boolean skipRepeats) {
    this.skipRepeats = skipRepeats;
  }

  /**
   * Records a hit on {@code node}, whose value the caller read as {@code value} while the stripe's
   * sequence was {@code stamp}: applies it to the policy at once if the order word is free and no
   * hit waits (see the overview), else claims a slot for it. The read takes effect where its hit
   * takes its place in the order, so the value must still be {@code value} there: a lock-free
   * replace of the key in between, followed by hits on other keys, would otherwise leave a read
   * of the old value ordered after them.
   *
   * @return {@link #RECORDED} or {@link #RECORDED_DRAIN} (the read took effect; with the latter,
   *     the reader should try to drain), {@link #STALE} (a writer or a replace of the key
   *     intervened: retry) or {@link #FULL} (drain or take the lock instead)
   */
  <K, V> int offer(Node<K, V> node, V value, Stripe<K, V> stripe, int stamp) {
    if (holdOrderInPlace(stripe, stamp)) {
      try {
        if (node.value != value) {
          return STALE;
        }
        assert node.isLinked(); // no write since the lookup: its node is still in the policy
        stripe.policy.onReadHit(node);
      } finally {
        releaseOrder();
      }
      return RECORDED;
    }
    long slot = claim(skipRepeats ? node : null, stripe, stamp);
    if (slot == REPEAT) {
      return stripe.sequence() == stamp && node.value == value ? RECORDED : STALE;
    }
    if (slot == STALE_SLOT) {
      return STALE;
    }
    if (slot == NO_SLOT) {
      return FULL;
    }
    if (node.value != value) {
      cancel(slot);
      return STALE;
    }
    return publish(slot, node) ? RECORDED_DRAIN : RECORDED;
  }

  /**
   * Takes the order word for a change made in place, at once, instead of through a slot: a read's
   * hit, or a lock-free replace with its hit. Succeeds only if the word is free, the buffer empty
   * and no write began since the caller's read at {@code stamp} (see the overview); never waits.
   * The caller then makes its change, which may touch the policy, and calls {@link
   * #releaseOrder}.
   *
   * @return whether the caller holds the word; if not, it claims a slot as usual
   */
  boolean holdOrderInPlace(Stripe<?, ?> stripe, int stamp) {
    if (!mayApplyInPlace() || !tryHoldOrder()) {
      return false;
    }
    if (stripe.sequence() == stamp && (long) TAIL.getVolatile(this) == head) {
      return true;
    }
    releaseOrder();
    return false;
  }

  /**
   * Whether to try a change in place: the buffer was empty a moment ago, and since the last drain
   * no other thread has made one. Read without ordering, it decides only whether to try; {@link
   * #holdOrderInPlace} checks again with the order word held. It also takes the hint for
   * the calling thread, so that under contention one thread at a time applies hits in place and
   * the others buffer theirs: hits in place from threads in turn would move the policy's lines
   * between cores at every hit, where a drain moves them once for many.
   */
  private boolean mayApplyInPlace() {
    if ((long) TAIL.getOpaque(this) != (long) HEAD.getOpaque(this)) {
      return false;
    }
    long self = Thread.currentThread().threadId();
    long last = (long) IN_PLACE_THREAD.getOpaque(this);
    if (last == self) {
      return true;
    }
    if (last != 0) {
      return false;
    }
    IN_PLACE_THREAD.setOpaque(this, self);
    return true;
  }

  /** Takes the order word if it is free; never waits. */
  private boolean tryHoldOrder() {
    return (int) ORDER.getOpaque(this) == 0 && ORDER.compareAndSet(this, 0, 1);
  }

  /**
   * Takes the order word, waiting for a reader that holds it to apply its hit in place: a few
   * instructions, so it spins, and yields only if that reader has lost its processor.
   */
  void holdOrder() {
    for (int spins = 0; !ORDER.compareAndSet(this, 0, 1); spins++) {
      backOff(spins);
    }
  }

  /**
   * One step of waiting for another thread's few instructions (a hit in place, a claim's fill):
   * a spin-wait, or a yield once {@code spins} says the other thread has lost its processor.
   */
  private static void backOff(int spins) {
    if (spins < 256) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  /** Releases the order word: a release store, so the next holder sees the policy's changes. */
  void releaseOrder() {
    ORDER.setRelease(this, 0);
  }

  /** What {@link #claim} returns when the buffer is full or the claim lost its races. */
  static final long NO_SLOT = -1;

  /** What {@link #claim} returns when a writer intervened; the claimed slot is cancelled. */
  static final long STALE_SLOT = -2;

  /** What {@link #claim} returns when the last valid hit is already one on the given node. */
  private static final long REPEAT = -3;

  /**
   * Claims the next slot for a change the caller makes next and that counts as a hit on a node
   * (a replace of the value of a mapped node), read while the stripe's sequence was {@code
   * stamp}; the caller then fills the slot with {@link #publish}. Between the two, no write of
   * the stripe can pass the drain that opens it (the drain waits for the fill), and a write that
   * had begun is caught here: so the change happens entirely between two writes.
   *
   * @return the claimed position, or (negative) {@link #NO_SLOT} or {@link #STALE_SLOT}: the
   *     caller then takes the lock
   */
  long claim(Stripe<?, ?> stripe, int stamp) {
    return claim(null, stripe, stamp);
  }

  /**
   * Claims the next slot and re-reads the stripe's sequence: returns the slot if it still equals
   * {@code stamp}, else cancels the slot and returns {@link #STALE_SLOT}. Returns {@link #REPEAT}
   * instead of claiming only if the last valid hit is one on {@code repeatOf} (when non-null),
   * and only if the repeat hint names it too (a stale hint records the repeat instead), and
   * {@link #NO_SLOT} if the buffer is full or {@link #CLAIM_ATTEMPTS} claims lost their races.
   */
  private long claim(Node<?, ?> repeatOf, Stripe<?, ?> stripe, int stamp) {
    for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      long t = (long) TAIL.getVolatile(this);
      if (repeatOf != null && mayBeLastHit(repeatOf) && isLastHit(repeatOf, t)) {
        return REPEAT;
      }
      if (t - (long) HEAD.getAcquire(this) >= CAPACITY) {
        return NO_SLOT;
      }
      if (TAIL.compareAndSet(this, t, t + 1)) {
        if (repeatOf != null) {
          LAST_CLAIMED.setOpaque(this, repeatOf);
        }
        if (stripe.sequence() != stamp) {
          fill(t, CANCELLED);
          return STALE_SLOT;
        }
        return t;
      }
    }
    return NO_SLOT;
  }

  /**
   * Fills slot {@code t}, claimed with {@link #claim}, with {@code node}: the change counts as a
   * hit on it from the claim on. Returns whether the caller should try to drain the buffer.
   */
  boolean publish(long t, Node<?, ?> node) {
    fill(t, node);
    return ((t + 1) & (DRAIN_STRIDE - 1)) == 0;
  }

  /**
   * Fills slot {@code t}, claimed with {@link #claim}, as cancelled: the caller changed nothing,
   * and the claim counts as no hit.
   */
  void cancel(long t) {
    fill(t, CANCELLED);
  }

  /**
   * Whether the hint says that the latest claim may be a hit on {@code node}; false means it is
   * not, or was not a moment ago, so the hit is recorded (a repeat recorded is a no-op).
   */
  private boolean mayBeLastHit(Node<?, ?> node) {
    return LAST_CLAIMED.getOpaque(this) == node;
  }

  /** Whether the hit claimed last, as of {@code tail == t} now, is a valid hit on {@code node}. */
  private boolean isLastHit(Node<?, ?> node, long t) {
    return t > 0
        && SLOTS.getAcquire(slots, (int) (t - 1) & MASK) == node
        && (long) TAIL.getVolatile(this) == t;
  }

  private void fill(long t, Object entry) {
    SLOTS.setRelease(slots, (int) t & MASK, entry);
  }

  /**
   * Records a hit taken with the stripe lock held, and applies everything buffered; the caller
   * holds the lock.
   */
  <K, V> void recordLocked(Node<K, V> node, EvictionPolicy<K, V> policy) {
    drainTo(policy);
    if (skipRepeats && isLastHit(node, (long) TAIL.getVolatile(this))) {
      return;
    }
    claimLocked(node, policy);
    drainTo(policy);
  }

  /**
   * Claims the next slot and fills it with {@code node}, draining first if the buffer is full;
   * the caller holds the lock, so a drain always makes room, and only readers race for the slot.
   */
  private <K, V> void claimLocked(Node<K, V> node, EvictionPolicy<K, V> policy) {
    for (; ; ) {
      long t = (long) TAIL.getVolatile(this);
      if (t - head >= CAPACITY) {
        drainTo(policy);
      } else if (TAIL.compareAndSet(this, t, t + 1)) {
        if (skipRepeats) {
          LAST_CLAIMED.setOpaque(this, node);
        }
        fill(t, node);
        return;
      }
    }
  }

  /** Applies every claimed hit to {@code policy}; the caller holds the stripe lock. */
  <K, V> void drainTo(EvictionPolicy<K, V> policy) {
    long h = head;
    long t = (long) TAIL.getVolatile(this);
    if (h == t) {
      forgetLastClaimed();
      return;
    }
    for (; h < t; h++) {
      Object entry = takeFilled(h);
      if (entry != CANCELLED) {
        @SuppressWarnings("unchecked")
        Node<K, V> node = (Node<K, V>) entry;
        if (node.isLinked()) {
          policy.onBufferedHit(node, h);
        }
      }
    }
    HEAD.setRelease(this, t);
    IN_PLACE_THREAD.setOpaque(this, 0L);
    forgetLastClaimed();
  }

  /** Clears the repeat hint, writing the counters' line only if the hint is set. */
  private void forgetLastClaimed() {
    if (LAST_CLAIMED.getOpaque(this) != null) {
      LAST_CLAIMED.setOpaque(this, null);
    }
  }

  /**
   * Takes the entry of claim {@code h} and frees its slot, waiting out the few instructions
   * between a reader's claim and its fill. The caller publishes {@code head} after it.
   */
  private Object takeFilled(long h) {
    int index = (int) h & MASK;
    Object entry;
    for (int spins = 0; (entry = SLOTS.getAcquire(slots, index)) == null; spins++) {
      backOff(spins);
    }
    slots[index] = null;
    return entry;
  }
}

/**
 * Keeps the counters off the cache line of the object header and other fields. The {@code int}
 * fills the gap after the header, where the field layout would otherwise put the order word.
 */
abstract class HitBufferPad0 {
  int p0;
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

/**
 * The claim and consume counters, on one cache line: every reader reads both, and the consumer
 * writes {@code head} once per drain. Beside them, the node of the latest claim, a hint that
 * each claimer writes on the line its claim has just taken; the order word (1 while held), which
 * a hit in place takes on the line a claim would have taken; and the id of the thread that may
 * apply hits in place until the next drain (0: any).
 */
abstract class HitBufferCounters extends HitBufferPad0 {
  long head;
  long tail;
  Object lastClaimed;
  int order;
  long inPlaceThread;
}

/** Keeps the counters off the cache line of the fields that follow. */
abstract class HitBufferPadding extends HitBufferCounters {
  long p20, p21, p22, p23, p24, p25, p26, p27;
}
