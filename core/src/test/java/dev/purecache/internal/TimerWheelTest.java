package dev.purecache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The timer wheel against a plain sorted map: random schedules, reschedules, removals, deadline
 * moves made before a reschedule (as a lock-free hit makes them before its drain) and clock
 * advances of every scale, and after each advance the wheel must hand out exactly the nodes the
 * map says are due, no more, no fewer, however far the clock jumped.
 */
class TimerWheelTest {
  private static final int OPERATIONS = 150_000;

  /** The reference: deadlines relative to the origin, each with its node, in deadline order. */
  private static final class Model {
    final TreeMap<Long, Set<WheelNode<Integer, Integer>>> byDeadline = new TreeMap<>();
    final java.util.Map<WheelNode<Integer, Integer>, Long> deadlines = new java.util.HashMap<>();

    void put(WheelNode<Integer, Integer> node, long relative) {
      remove(node);
      deadlines.put(node, relative);
      byDeadline.computeIfAbsent(relative, d -> new HashSet<>()).add(node);
    }

    void remove(WheelNode<Integer, Integer> node) {
      Long old = deadlines.remove(node);
      if (old != null) {
        Set<WheelNode<Integer, Integer>> at = byDeadline.get(old);
        at.remove(node);
        if (at.isEmpty()) {
          byDeadline.remove(old);
        }
      }
    }

    Set<WheelNode<Integer, Integer>> pollDue(long relativeNow) {
      Set<WheelNode<Integer, Integer>> due = new HashSet<>();
      while (!byDeadline.isEmpty() && byDeadline.firstKey() <= relativeNow) {
        for (WheelNode<Integer, Integer> node : byDeadline.pollFirstEntry().getValue()) {
          deadlines.remove(node);
          due.add(node);
        }
      }
      return due;
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  void expiresExactlyWhatASortedMapExpires(long seed) {
    run(seed, 1_000_000_000L);
  }

  @Test
  void aTickerNearItsLargestValueWrapsAroundWithoutChangingAnything() {
    run(7, Long.MAX_VALUE - (1L << 40)); // deadlines overflow past MAX_VALUE into negatives
    run(8, Long.MIN_VALUE + 5);
  }

  private static void run(long seed, long origin) {
    SplittableRandom random = new SplittableRandom(seed);
    TimerWheel<Integer, Integer> wheel = new TimerWheel<>(origin);
    Model model = new Model();
    List<WheelNode<Integer, Integer>> live = new ArrayList<>();
    List<WheelNode<Integer, Integer>> moved = new ArrayList<>(); // deadline moved, not yet rescheduled
    long now = origin;
    int expirations = 0;
    int ids = 0;
    for (int op = 0; op < OPERATIONS; op++) {
      int kind = random.nextInt(100);
      if (kind < 35 || live.isEmpty()) {
        WheelNode<Integer, Integer> node =
            new WheelNode<>(ids, ids++, now, ExpiryRule.deadline(now, duration(random)));
        wheel.schedule(node);
        model.put(node, node.deadline() - origin);
        live.add(node);
      } else if (kind < 50) {
        WheelNode<Integer, Integer> node = live.get(random.nextInt(live.size()));
        node.setDeadline(ExpiryRule.deadline(now, duration(random)));
        wheel.reschedule(node);
        model.put(node, node.deadline() - origin);
      } else if (kind < 60) {
        WheelNode<Integer, Integer> node = live.get(random.nextInt(live.size()));
        node.setDeadline(ExpiryRule.deadline(now, duration(random)));
        moved.add(node);
        model.put(node, node.deadline() - origin);
      } else if (kind < 70) {
        WheelNode<Integer, Integer> node = swapRemove(live, random.nextInt(live.size()));
        wheel.remove(node);
        model.remove(node);
      } else {
        now += step(random);
        for (WheelNode<Integer, Integer> node : moved) {
          wheel.reschedule(node); // the drain before every reclaim
        }
        moved.clear();
        Set<WheelNode<Integer, Integer>> fromWheel = new HashSet<>();
        for (WheelNode<Integer, Integer> node; (node = wheel.expired(now)) != null; ) {
          assertThat(fromWheel.add(node)).as("handed out once").isTrue();
          wheel.remove(node);
        }
        Set<WheelNode<Integer, Integer>> fromModel = model.pollDue(now - origin);
        assertThat(fromWheel).as("expired at op %d, seed %d", op, seed).isEqualTo(fromModel);
        live.removeAll(fromWheel);
        expirations += fromWheel.size();
        assertThat(wheel.size()).isEqualTo(model.deadlines.size());
        long bound = wheel.nanosUntilNext(now);
        if (model.byDeadline.isEmpty()) {
          assertThat(bound).isEqualTo(Long.MAX_VALUE);
        } else {
          assertThat(bound).isPositive().isLessThanOrEqualTo(model.byDeadline.firstKey() - (now - origin));
        }
      }
    }
    assertThat(expirations).as("the run expires nodes at all").isGreaterThan(OPERATIONS / 20);
  }

  /** Durations of every scale the wheel has: none, each level, the overflow, and "never". */
  private static long duration(SplittableRandom random) {
    return switch (random.nextInt(10)) {
      case 0 -> -random.nextLong(1, 1_000);
      case 1 -> 0;
      case 2 -> random.nextLong(1L << 20);
      case 3 -> random.nextLong(1L << 26);
      case 4 -> random.nextLong(1L << 32);
      case 5 -> random.nextLong(1L << 38);
      case 6 -> random.nextLong(1L << 44);
      case 7 -> random.nextLong(1L << 53);
      case 8 -> Long.MAX_VALUE;
      default -> random.nextLong(1L << 24);
    };
  }

  /** Clock steps of every scale: none, within a bucket, across buckets, levels and rotations. */
  private static long step(SplittableRandom random) {
    int kind = random.nextInt(1000);
    if (kind < 100) {
      return 0;
    } else if (kind < 600) {
      return random.nextLong(1L << 20);
    } else if (kind < 900) {
      return random.nextLong(1L << 27);
    } else if (kind < 990) {
      return random.nextLong(1L << 34);
    } else if (kind < 998) {
      return random.nextLong(1L << 42);
    }
    return random.nextLong(1L << 51);
  }

  private static <T> T swapRemove(List<T> list, int i) {
    T removed = list.get(i);
    T last = list.remove(list.size() - 1);
    if (i < list.size()) {
      list.set(i, last);
    }
    return removed;
  }

  @Test
  void aCallerWhoseClockReadingIsOlderThanTheWheelsGetsOnlyWhatIsDueAtItsReading() {
    TimerWheel<Integer, Integer> wheel = new TimerWheel<>(0);
    WheelNode<Integer, Integer> early = new WheelNode<>(1, 1, 0, 90);
    wheel.schedule(early);
    assertThat(wheel.expired(105)).isSameAs(early); // one thread read 105 and advanced the wheel
    wheel.remove(early);
    WheelNode<Integer, Integer> node = new WheelNode<>(2, 2, 100, 103);
    wheel.schedule(node); // stored by a thread that read 100: already due at the wheel's time
    assertThat(wheel.expired(100)).as("not due at the caller's reading").isNull();
    assertThat(wheel.nanosUntilNext(100)).isZero();
    assertThat(wheel.expired(103)).isSameAs(node);
  }

  @Test
  void aNodeDueAtTheWheelsTimeIsHandedOutAtOnceAndOneMovedLaterIsNot() {
    TimerWheel<Integer, Integer> wheel = new TimerWheel<>(0);
    WheelNode<Integer, Integer> node = new WheelNode<>(1, 1, 0, 5_000);
    wheel.schedule(node);
    assertThat(wheel.expired(4_999)).isNull();
    assertThat(wheel.nanosUntilNext(4_999)).isBetween(0L, 1L);
    node.setDeadline(9_000); // a hit moved it; its reschedule is still buffered
    assertThat(wheel.expired(5_000)).as("never before its current deadline").isNull();
    assertThat(wheel.expired(9_000)).isSameAs(node);
    wheel.remove(node);
    assertThat(wheel.size()).isZero();
    assertThat(wheel.nanosUntilNext(9_000)).isEqualTo(Long.MAX_VALUE);
  }
}
