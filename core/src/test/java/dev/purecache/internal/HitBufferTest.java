package dev.purecache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.Awaits;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hit buffer's contract: every recorded hit is applied exactly once, in the order the hits
 * were recorded; a stale hit (a write intervened) is never applied; a repeated hit on the most
 * recent node is skipped only when nothing else was recorded or written since; a hit on a quiet
 * stripe is applied in place, at once, and only when no buffered hit waits and no one holds the
 * order word. Most tests here offer their hits while the order word is held, as by another
 * reader applying its hit in place, so that they are buffered.
 */
class HitBufferTest {
  private final RecordingPolicy policy = new RecordingPolicy(true);
  private final Stripe<Integer, Integer> stripe = new Stripe<>(policy, Integer.MAX_VALUE);
  private final HitBuffer buffer = stripe.hitBuffer;

  @Test
  void appliesRecordedHitsInOrderAtTheNextDrain() {
    Node<Integer, Integer> a = policy.node(1);
    Node<Integer, Integer> b = policy.node(2);
    assertThat(offer(a)).isEqualTo(HitBuffer.RECORDED);
    assertThat(offer(b)).isEqualTo(HitBuffer.RECORDED);
    assertThat(offer(a)).isEqualTo(HitBuffer.RECORDED);
    assertThat(policy.applied).isEmpty();

    drain();

    assertThat(policy.applied).containsExactly(a, b, a);
  }

  @Test
  void aHitOnAQuietStripeIsAppliedInPlaceAtOnce() {
    Node<Integer, Integer> a = policy.node(1);
    Node<Integer, Integer> b = policy.node(2);
    assertThat(offerInPlace(a)).isEqualTo(HitBuffer.RECORDED);
    assertThat(offerInPlace(b)).isEqualTo(HitBuffer.RECORDED);
    assertThat(policy.applied).containsExactly(a, b);
    assertThat(buffer.lastClaimed).as("no slot was claimed").isNull();
  }

  @Test
  void aHitInPlaceWaitsBehindABufferedHit() {
    Node<Integer, Integer> a = policy.node(1);
    Node<Integer, Integer> b = policy.node(2);
    offer(a);
    assertThat(offerInPlace(b)).isEqualTo(HitBuffer.RECORDED);
    assertThat(policy.applied).as("b is buffered behind a").isEmpty();
    drain();
    assertThat(policy.applied).containsExactly(a, b);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aHitIsBufferedWhileTheLockIsHeldElsewhere() throws InterruptedException {
    Node<Integer, Integer> a = policy.node(1);
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        Thread.ofPlatform()
            .start(
                () -> {
                  stripe.lock();
                  try {
                    locked.countDown();
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } finally {
                    stripe.unlock();
                  }
                });
    locked.await();
    try {
      assertThat(offerInPlace(a)).isEqualTo(HitBuffer.RECORDED);
      assertThat(policy.applied).as("the lock's holder holds the order word").isEmpty();
    } finally {
      release.countDown();
      holder.join();
    }
    drain();
    assertThat(policy.applied).containsExactly(a);
  }

  /**
   * Between two drains only one thread applies hits in place; another's are buffered, so that
   * threads in turn do not each move the policy's lines to their core.
   */
  @Test
  void anotherThreadsHitIsBufferedUntilTheNextDrain() throws InterruptedException {
    Node<Integer, Integer> a = policy.node(1);
    Node<Integer, Integer> b = policy.node(2);
    Thread.ofPlatform().start(() -> offerInPlace(a)).join();
    assertThat(policy.applied).containsExactly(a);

    assertThat(offerInPlace(b)).isEqualTo(HitBuffer.RECORDED);
    assertThat(policy.applied).as("b waits for a drain").containsExactly(a);
    drain();
    assertThat(policy.applied).containsExactly(a, b);
    offerInPlace(a);
    assertThat(policy.applied).as("after the drain, in place").containsExactly(a, b, a);
  }

  /** A replace takes the order word for its change in place only where a hit in place would. */
  @Test
  void aChangeInPlaceHoldsTheOrderWordOnlyOnAQuietStripe() {
    Node<Integer, Integer> a = policy.node(1);
    Node<Integer, Integer> b = policy.node(2);
    assertThat(buffer.holdOrderInPlace(stripe, stripe.sequence())).isTrue();
    try {
      assertThat(offerInPlace(a)).isEqualTo(HitBuffer.RECORDED);
      assertThat(policy.applied).as("a is buffered while the word is held").isEmpty();
    } finally {
      buffer.releaseOrder();
    }
    assertThat(buffer.holdOrderInPlace(stripe, stripe.sequence()))
        .as("a buffered hit waits")
        .isFalse();
    drain();
    assertThat(buffer.holdOrderInPlace(stripe, stampBeforeAWrite())).as("a write began").isFalse();
    assertThat(buffer.holdOrderInPlace(stripe, stripe.sequence())).isTrue();
    buffer.releaseOrder();
    assertThat(offerInPlace(b)).isEqualTo(HitBuffer.RECORDED);
    assertThat(policy.applied).containsExactly(a, b);
  }

  @Test
  void aHitInPlaceReadBeforeAWriteIsStaleAndNeverApplied() {
    Node<Integer, Integer> a = policy.node(1);
    assertThat(buffer.offer(a, a.value, stripe, stampBeforeAWrite())).isEqualTo(HitBuffer.STALE);
    drain();
    assertThat(policy.applied).isEmpty();
  }

  /**
   * A read takes effect where its hit takes its place in the order, so a hit whose value a
   * lock-free replace changed since the read is stale: applied in place, it would order a read of
   * the old value after everything that came after the replace.
   */
  @Test
  void aHitInPlaceWhoseValueWasReplacedSinceTheReadIsStale() {
    Node<Integer, Integer> a = policy.node(1);
    Integer read = valueBeforeAReplace(a);
    assertThat(buffer.offer(a, read, stripe, stripe.sequence())).isEqualTo(HitBuffer.STALE);
    assertThat(policy.applied).isEmpty();
    assertThat(offerInPlace(a)).as("the retry, with the new value").isEqualTo(HitBuffer.RECORDED);
    assertThat(policy.applied).containsExactly(a);
  }

  @Test
  void aBufferedHitWhoseValueWasReplacedSinceTheReadIsStaleAndNeverApplied() {
    Node<Integer, Integer> a = policy.node(1);
    Node<Integer, Integer> b = policy.node(2);
    offer(b);
    Integer read = valueBeforeAReplace(a);
    assertThat(offer(a, read, stripe.sequence())).isEqualTo(HitBuffer.STALE);
    drain();
    assertThat(policy.applied).containsExactly(b);
  }

  /**
   * A buffered hit on {@code a}, drained, then a hit on {@code b} in place: a later hit on
   * {@code a} is no repeat of the last hit and must be recorded.
   */
  @Test
  void aHitAfterAHitInPlaceIsNoRepeat() {
    Node<Integer, Integer> a = policy.node(1);
    Node<Integer, Integer> b = policy.node(2);
    offer(a);
    drain();
    offerInPlace(b);
    offer(a);
    drain();
    assertThat(policy.applied).containsExactly(a, b, a);
    assertThat(policy.victim()).isSameAs(b);
  }

  @Test
  void skipsARepeatedHitOnTheMostRecentNode() {
    Node<Integer, Integer> a = policy.node(1);
    offer(a);
    offer(a);
    offer(a);
    drain();
    assertThat(policy.applied).containsExactly(a);
  }

  @Test
  void recordsARepeatAfterAWrite() {
    Node<Integer, Integer> a = policy.node(1);
    offer(a);
    write();
    offer(a);
    drain();
    assertThat(policy.applied).containsExactly(a, a);
  }

  @Test
  void recordsARepeatAfterADrain() {
    Node<Integer, Integer> a = policy.node(1);
    offer(a);
    drain();
    offer(a);
    drain();
    assertThat(policy.applied).containsExactly(a, a);
  }

  @Test
  void aDrainLetsGoOfTheLastClaimedNode() {
    Node<Integer, Integer> a = policy.node(1);
    offer(a);
    assertThat(buffer.lastClaimed).isSameAs(a);
    drain();
    assertThat(buffer.lastClaimed).isNull();

    offer(a);
    write();
    assertThat(buffer.lastClaimed).isNull();
  }

  @Test
  void recordsEveryRepeatForAFrequencyPolicy() {
    RecordingPolicy counting = new RecordingPolicy(false);
    Stripe<Integer, Integer> lfu = new Stripe<>(counting, Integer.MAX_VALUE);
    Node<Integer, Integer> a = counting.node(1);
    lfu.hitBuffer.holdOrder();
    try {
      for (int i = 0; i < 3; i++) {
        assertThat(lfu.hitBuffer.offer(a, a.value, lfu, lfu.sequence()))
            .isEqualTo(HitBuffer.RECORDED);
      }
    } finally {
      lfu.hitBuffer.releaseOrder();
    }
    assertThat(counting.applied).isEmpty();
    lfu.tryDrainHits();
    assertThat(counting.applied).containsExactly(a, a, a);
  }

  @Test
  void aHitReadBeforeAWriteIsStaleAndNeverApplied() {
    Node<Integer, Integer> a = policy.node(1);
    assertThat(offerReadBeforeAWrite(a)).isEqualTo(HitBuffer.STALE);
    drain();
    assertThat(policy.applied).isEmpty();
  }

  @Test
  void aHitAfterAStaleClaimOfTheSameNodeIsRecorded() {
    Node<Integer, Integer> a = policy.node(1);
    assertThat(offerReadBeforeAWrite(a)).isEqualTo(HitBuffer.STALE);
    assertThat(offer(a)).isEqualTo(HitBuffer.RECORDED);
    drain();
    assertThat(policy.applied).containsExactly(a);
  }

  @Test
  void isFullAtCapacityAndTakesHitsAgainAfterADrain() {
    List<Node<Integer, Integer>> nodes = new ArrayList<>();
    int drainHints = 0;
    for (int i = 0; i < HitBuffer.CAPACITY; i++) {
      nodes.add(policy.node(i));
      int outcome = offer(nodes.get(i));
      assertThat(outcome).isIn(HitBuffer.RECORDED, HitBuffer.RECORDED_DRAIN);
      drainHints += outcome == HitBuffer.RECORDED_DRAIN ? 1 : 0;
    }
    assertThat(drainHints).isEqualTo(HitBuffer.CAPACITY / HitBuffer.DRAIN_STRIDE);
    Node<Integer, Integer> extra = policy.node(-1);
    assertThat(offer(extra)).isEqualTo(HitBuffer.FULL);

    drain();
    assertThat(policy.applied).containsExactlyElementsOf(nodes);
    for (int round = 0; round < 3; round++) {
      assertThat(offer(extra)).isEqualTo(HitBuffer.RECORDED);
      assertThat(offer(nodes.get(round))).isEqualTo(HitBuffer.RECORDED);
    }
    drain();
    assertThat(policy.applied.subList(HitBuffer.CAPACITY, policy.applied.size()))
        .containsExactly(extra, nodes.get(0), extra, nodes.get(1), extra, nodes.get(2));
  }

  @Test
  void aHitTakenUnderTheLockIsAppliedAfterEveryBufferedHit() {
    Node<Integer, Integer> a = policy.node(1);
    Node<Integer, Integer> b = policy.node(2);
    offer(a);
    stripe.lock();
    try {
      stripe.recordHitLocked(b);
    } finally {
      stripe.unlock();
    }
    assertThat(policy.applied).containsExactly(a, b);
  }

  @Test
  void aClaimAfterAWriteBeganIsCancelledAndNeverApplied() {
    Node<Integer, Integer> a = policy.node(1);
    assertThat(buffer.claim(stripe, stampBeforeAWrite())).isEqualTo(HitBuffer.STALE_SLOT);
    drain();
    assertThat(policy.applied).isEmpty();
  }

  /**
   * A lock-free replace claims a slot, swaps the value, then fills the slot: a write that begins
   * in between must not get past its drain before the fill, or it could decide with the old
   * value or without the replace's hit. The writer here runs on another thread and must still be
   * in its drain when the replacer publishes.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aWriteWaitsForAClaimedSlotToBeFilled() throws InterruptedException {
    Node<Integer, Integer> a = policy.node(1);
    Node<Integer, Integer> b = policy.node(2);
    long slot = buffer.claim(stripe, stripe.sequence());
    assertThat(slot).as("a claimed slot").isNotNegative();
    offer(b);
    AtomicBoolean drained = new AtomicBoolean();
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  write();
                  drained.set(true);
                });
    Awaits.until("the write to begin", () -> (stripe.sequence() & 1) != 0 || drained.get());
    assertThat(drained).as("the write passed a claimed, unfilled slot").isFalse();

    assertThat(buffer.publish(slot, a)).isFalse();
    writer.join();
    assertThat(drained).isTrue();
    assertThat(policy.applied).containsExactly(a, b);
  }

  /**
   * Readers on several threads record hits on their own nodes while a writer ends writes and a
   * drainer applies hits; each reader retries a stale hit and drains a full buffer, as the cache
   * does. Every recorded hit must be applied exactly once and in each reader's order.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void concurrentHitsAreAppliedExactlyOnceInEachReadersOrder() throws InterruptedException {
    int readers = 3;
    int hitsPerReader = 200_000;
    List<List<Node<Integer, Integer>>> recorded = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    AtomicBoolean readersDone = new AtomicBoolean();
    for (int r = 0; r < readers; r++) {
      List<Node<Integer, Integer>> own = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        own.add(policy.node(r * 100 + i));
      }
      List<Node<Integer, Integer>> log = new ArrayList<>(hitsPerReader);
      recorded.add(log);
      threads.add(Thread.ofPlatform().start(() -> recordHits(own, log, hitsPerReader)));
    }
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!readersDone.get()) {
                    if (!stripe.tryLock()) {
                      Thread.onSpinWait();
                      continue;
                    }
                    try {
                      stripe.beginWrite();
                      stripe.endWrite();
                    } finally {
                      stripe.unlock();
                    }
                  }
                });
    for (Thread thread : threads) {
      thread.join();
    }
    readersDone.set(true);
    writer.join();
    drain();

    int total = 0;
    for (int r = 0; r < readers; r++) {
      List<Node<Integer, Integer>> appliedForReader = new ArrayList<>();
      for (Node<Integer, Integer> node : policy.applied) {
        if (recorded.get(r).get(0).key / 100 == node.key / 100) {
          appliedForReader.add(node);
        }
      }
      assertThat(appliedForReader).as("reader %d", r).isEqualTo(recorded.get(r));
      total += recorded.get(r).size();
    }
    assertThat(policy.applied).hasSize(total);
    assertThat(total).isEqualTo(readers * hitsPerReader);
  }

  /** Offers {@code count} hits, cycling over {@code own}, as the cache's read path does. */
  private void recordHits(
      List<Node<Integer, Integer>> own, List<Node<Integer, Integer>> log, int count) {
    for (int i = 0; i < count; ) {
      Node<Integer, Integer> node = own.get(i % own.size());
      int stamp = stripe.sequence();
      if ((stamp & 1) != 0) {
        Thread.onSpinWait();
        continue;
      }
      int outcome = buffer.offer(node, node.value, stripe, stamp);
      if (outcome == HitBuffer.RECORDED || outcome == HitBuffer.RECORDED_DRAIN) {
        log.add(node);
        i++;
        if (outcome == HitBuffer.RECORDED_DRAIN) {
          stripe.tryDrainHits();
        }
      } else if (outcome == HitBuffer.FULL && !stripe.tryDrainHits()) {
        Thread.onSpinWait();
      }
    }
  }

  /** Offers a hit while the order word is held, as by a reader applying its own: it is buffered. */
  private int offer(Node<Integer, Integer> node) {
    return offer(node, stripe.sequence());
  }

  private int offer(Node<Integer, Integer> node, int stamp) {
    return offer(node, node.value, stamp);
  }

  /** Offers a hit on {@code node}, buffered, read as {@code value} at {@code stamp}. */
  private int offer(Node<Integer, Integer> node, Integer value, int stamp) {
    buffer.holdOrder();
    try {
      return buffer.offer(node, value, stripe, stamp);
    } finally {
      buffer.releaseOrder();
    }
  }

  /** Offers a hit as a lock-free read does, applied in place if the stripe is quiet. */
  private int offerInPlace(Node<Integer, Integer> node) {
    return buffer.offer(node, node.value, stripe, stripe.sequence());
  }

  /** Offers a hit on {@code node}, buffered, read at the sequence before a write that then ran. */
  private int offerReadBeforeAWrite(Node<Integer, Integer> node) {
    return offer(node, stampBeforeAWrite());
  }

  /** Returns {@code node}'s value as a read saw it just before a lock-free replace changed it. */
  private static Integer valueBeforeAReplace(Node<Integer, Integer> node) {
    Integer before = node.value;
    node.replaceValue(before + 100);
    return before;
  }

  /** Returns the stripe's sequence as a read saw it just before a write that then ran. */
  private int stampBeforeAWrite() {
    int before = stripe.sequence();
    write();
    return before;
  }

  private void drain() {
    assertThat(stripe.tryDrainHits()).isTrue();
  }

  private void write() {
    stripe.lock();
    try {
      stripe.beginWrite();
      stripe.endWrite();
    } finally {
      stripe.unlock();
    }
  }

  /** A recency order that also logs every hit applied to it. */
  private static final class RecordingPolicy implements EvictionPolicy<Integer, Integer> {
    private final LruPolicy<Integer, Integer> order = new LruPolicy<>();
    private final boolean skipsRepeats;
    final List<Node<Integer, Integer>> applied = new ArrayList<>();

    RecordingPolicy(boolean skipsRepeats) {
      this.skipsRepeats = skipsRepeats;
    }

    /** A node of this policy, linked so that its hits are applied. */
    Node<Integer, Integer> node(int key) {
      Node<Integer, Integer> node = newNode(key, key, 0);
      add(node);
      return node;
    }

    @Override
    public Node<Integer, Integer> newNode(Integer key, Integer value, long now) {
      return order.newNode(key, value, now);
    }

    @Override
    public void add(Node<Integer, Integer> node) {
      order.add(node);
    }

    @Override
    public void onHits(Node<Integer, Integer> node, int times) {
      for (int i = 0; i < times; i++) {
        applied.add(node);
      }
      order.onHits(node, times);
    }

    @Override
    public void onWrite(Node<Integer, Integer> node, long now) {
      order.onWrite(node, now);
    }

    @Override
    public void remove(Node<Integer, Integer> node) {
      order.remove(node);
    }

    @Override
    public Node<Integer, Integer> victim() {
      return order.victim();
    }

    @Override
    public Node<Integer, Integer> expired(long now) {
      return null;
    }

    @Override
    public boolean ordersHits() {
      return true;
    }

    @Override
    public boolean skipsRepeatedHits() {
      return skipsRepeats;
    }

    @Override
    public int size() {
      return order.size();
    }
  }
}
