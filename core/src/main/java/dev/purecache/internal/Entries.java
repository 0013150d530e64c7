package dev.purecache.internal;

import dev.purecache.RemovalCause;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The changes a write makes to a stripe's entries, inside {@link Stripe#beginWrite()}/{@link
 * Stripe#endWrite()} with the lock held: link a new entry, overwrite one, unlink one, reclaim the
 * expired ones, evict until the stripe fits its bound. It keeps the shared map, the policy and
 * the stripe's weighted size in step, so every policy gets weights without knowing of them: a
 * policy orders nodes and names victims; the stripe counts their weight (1 each without a
 * weigher, so the bound is a count).
 *
 * <p><b>Weights.</b> A value is weighed before the lock is taken (see {@link Weights}); the node
 * keeps its weight. A new entry is linked after the policy's victims have made room for it, so it
 * is never its own insert's victim. An entry heavier than the stripe's whole maximum is linked
 * and then evicted at once, with cause {@link RemovalCause#SIZE}, and no other entry is evicted
 * for it: the caller of the put or load still sees its value, the cache does not keep it. An
 * entry of weight 0 is never evicted for size: the policy passes over it.
 */
final class Entries<K, V> {
  private final ConcurrentHashMap<Object, Node<K, V>> map;
  private final long ttlNanos;
  /** Whether entries have deadlines of their own (expire after access, per-entry expiry). */
  private final boolean deadlines;
  /** Prompt expiry, told of every deadline set, if entries have deadlines of their own; or null. */
  private final PromptExpiry prompt;

  Entries(
      ConcurrentHashMap<Object, Node<K, V>> map,
      long ttlNanos,
      boolean deadlines,
      PromptExpiry prompt) {
    this.map = map;
    this.ttlNanos = ttlNanos;
    this.deadlines = deadlines;
    this.prompt = prompt;
  }

  /**
   * Tells prompt expiry, if any, that {@code node}'s deadline of its own was just set (by a write
   * or a read), so that its thread wakes if that deadline comes before the end of its sleep.
   */
  void deadlineSet(Node<K, V> node) {
    if (prompt != null) {
      prompt.onDeadline(node.deadline());
    }
  }

  /**
   * Evicts until an entry of {@code weight} fits (unless it never will), then links and returns a
   * new entry; {@link #settle} must follow once the caller is done with the node.
   */
  Node<K, V> insert(
      Stripe<K, V> stripe, K key, V value, int weight, long now, Removals<K, V> removals) {
    assert stripe.isHeldByCurrentThread();
    if (!stripe.isHeavierThanMaximum(weight)) {
      makeRoom(stripe, weight, removals);
    }
    Node<K, V> node = stripe.policy.newNode(key, value, now);
    if (weight != 1 || node.weight() != 1) {
      node.setWeight(weight);
    }
    map.put(key, node);
    stripe.policy.add(node);
    stripe.linked(node);
    deadlineSet(node);
    return node;
  }

  /**
   * Overwrites the value of a linked entry at {@code now}, with its new weight; {@link #settle}
   * must follow once the caller is done with the node.
   */
  void overwrite(
      Stripe<K, V> stripe, Node<K, V> node, V value, int weight, long now, Removals<K, V> removals) {
    assert stripe.isHeldByCurrentThread();
    V old = node.replaceValue(value); // a lock-free replace may have swapped it meanwhile
    if (weight != node.weight()) {
      stripe.reweigh(node, weight);
    }
    stripe.policy.onWrite(node, now);
    deadlineSet(node);
    removals.add(node.key, old, RemovalCause.REPLACED);
  }

  /**
   * Ends an insert or overwrite of {@code node}: evicts it at once if it is heavier than the
   * stripe's maximum, else evicts victims until the stripe fits again (an overwrite may have made
   * it heavier). A no-op for a cache without a weigher, whose inserts made room beforehand.
   */
  void settle(Stripe<K, V> stripe, Node<K, V> node, Removals<K, V> removals) {
    assert stripe.isHeldByCurrentThread();
    if (stripe.isHeavierThanMaximum(node.weight())) {
      evict(stripe, node, removals);
      return;
    }
    makeRoom(stripe, 0, removals);
  }

  /**
   * Evicts the policy's victims until an entry of {@code weight} fits, passing over victims of
   * weight 0, which would free nothing: each is recorded as a hit instead, which moves it out of
   * the victim's place. There is always an entry of some weight left while the stripe does not
   * fit (the new weight alone fits), so this ends; a victim of weight 0 is passed over again only
   * after every entry before it has been.
   */
  private void makeRoom(Stripe<K, V> stripe, int weight, Removals<K, V> removals) {
    while (!stripe.hasRoomFor(weight)) {
      Node<K, V> victim = stripe.policy.victim();
      if (victim.weight() == 0) {
        stripe.policy.passOver(victim);
      } else {
        evict(stripe, victim, removals);
      }
    }
  }

  /**
   * Outside a write, with the lock held: reclaims the stripe's expired entries in a write of its
   * own, if it may have any.
   */
  void reclaimExpiredInWrite(Stripe<K, V> stripe, long now, Removals<K, V> removals) {
    if (deadlines) {
      stripe.drainHits(); // hits move deadlines: the policy's next one is right after a drain
    }
    boolean mayHold =
        deadlines
            ? stripe.policy.nanosUntilNextDeadline(now) == 0
            : ttlNanos != 0 && stripe.mayHoldExpired(now, ttlNanos);
    if (mayHold) {
      stripe.beginWrite();
      try {
        reclaimExpired(stripe, now, removals);
      } finally {
        stripe.endWrite();
      }
    }
  }

  /** Inside a write: unlinks every expired entry of the stripe, oldest first. */
  void reclaimExpired(Stripe<K, V> stripe, long now, Removals<K, V> removals) {
    assert stripe.isHeldByCurrentThread();
    if (ttlNanos == 0 && !deadlines) {
      return;
    }
    for (Node<K, V> node; (node = stripe.policy.expired(now)) != null; ) {
      unlink(stripe, node);
      removals.add(node.key, node.value, RemovalCause.EXPIRED);
    }
  }

  /** Unlinks {@code node} and collects it as evicted for size. */
  private void evict(Stripe<K, V> stripe, Node<K, V> node, Removals<K, V> removals) {
    unlink(stripe, node);
    removals.add(node.key, node.value, RemovalCause.SIZE);
  }

  /**
   * Unlinks a linked node from the policy, the stripe's weight and the map, and retires it: its
   * value, read after this, is its last (see {@link Node#retire}).
   */
  void unlink(Stripe<K, V> stripe, Node<K, V> node) {
    assert stripe.isHeldByCurrentThread();
    stripe.policy.remove(node);
    stripe.unlinked(node);
    map.remove(node.key, node);
    node.retire();
  }
}
