package dev.purecache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The table of nodes: lookups, inserts, removals, growth, iteration, and reads during growth. */
class NodeTableTest {
  /** A key whose hash code is chosen, so that different keys can share one. */
  private record Key(int id, int hash) {
    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final Map<Object, Node<Object, Object>> reference = new HashMap<>();

  private static Stripe<Object, Object>[] stripes(int count, long maximum) {
    @SuppressWarnings("unchecked")
    Stripe<Object, Object>[] stripes = (Stripe<Object, Object>[]) new Stripe<?, ?>[count];
    for (int s = 0; s < count; s++) {
      stripes[s] = new Stripe<>(new AdaptivePolicy<>(16), maximum);
    }
    return stripes;
  }

  private static Stripe<Object, Object> stripeOf(Stripe<Object, Object>[] stripes, Object key) {
    return stripes[NodeTable.stripeIndex(NodeTable.spread(key.hashCode()), stripes.length - 1)];
  }

  private static void insert(NodeTable<Object, Object> table, Stripe<Object, Object>[] stripes,
      Node<Object, Object> node) {
    Stripe<Object, Object> stripe = stripeOf(stripes, node.key);
    stripe.lock();
    try {
      table.insert(stripe, node);
    } finally {
      stripe.unlock();
    }
  }

  private static void remove(NodeTable<Object, Object> table, Stripe<Object, Object>[] stripes,
      Node<Object, Object> node) {
    Stripe<Object, Object> stripe = stripeOf(stripes, node.key);
    stripe.lock();
    try {
      table.remove(stripe, node);
    } finally {
      stripe.unlock();
    }
  }

  /**
   * Random inserts and removals of keys whose hash codes collide often (32 codes for 2,000 keys),
   * across many doublings, always agree with a {@code HashMap}; iteration yields every node once.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 4, 64})
  void agreesWithAMapThroughGrowthAndCollisions(int stripeCount) {
    Stripe<Object, Object>[] stripes = stripes(stripeCount, Integer.MAX_VALUE);
    NodeTable<Object, Object> table = new NodeTable<>(stripes);
    SplittableRandom random = new SplittableRandom(7);
    for (int step = 0; step < 50_000; step++) {
      int id = random.nextInt(2_000);
      Key key = new Key(id, id % 32 * 0x10001);
      Node<Object, Object> present = reference.get(key);
      assertThat(table.get(key)).as("step %d", step).isSameAs(present);
      if (present == null) {
        Node<Object, Object> node = new ClockNode<>(key, id);
        insert(table, stripes, node);
        reference.put(key, node);
      } else if (random.nextInt(3) == 0) {
        remove(table, stripes, present);
        reference.remove(key);
      }
    }
    for (Map.Entry<Object, Node<Object, Object>> entry : reference.entrySet()) {
      assertThat(table.get(entry.getKey())).isSameAs(entry.getValue());
    }
    Map<Node<Object, Object>, Integer> seen = new IdentityHashMap<>();
    table.nodes().forEachRemaining(node -> seen.merge(node, 1, Integer::sum));
    assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(reference.values());
    assertThat(seen.values()).containsOnly(1);
  }

  @Test
  void aKeyOfTheSameHashButNotEqualMisses() {
    Stripe<Object, Object>[] stripes = stripes(1, 100);
    NodeTable<Object, Object> table = new NodeTable<>(stripes);
    insert(table, stripes, new ClockNode<>(new Key(1, 42), "one"));
    assertThat(table.get(new Key(2, 42))).isNull();
    assertThat(table.get(new Key(1, 42)).value).isEqualTo("one");
  }

  /**
   * While another thread holds a stripe lock, the table cannot double (that needs every lock):
   * inserts go on into longer chains and every key stays found; once the lock is free the next
   * insert doubles it.
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void growsOnlyWhenEveryStripeLockIsFreeAndFindsEveryKeyEitherWay() throws Exception {
    Stripe<Object, Object>[] stripes = stripes(4, Integer.MAX_VALUE);
    NodeTable<Object, Object> table = new NodeTable<>(stripes);
    Thread holder = Thread.ofPlatform().start(() -> stripes[3].lock());
    holder.join(); // stripes[3] stays locked by a thread that has ended
    List<Node<Object, Object>> nodes = new ArrayList<>();
    for (int k = 0; nodes.size() < 1_000; k++) {
      if (stripeOf(stripes, k) == stripes[3]) {
        continue;
      }
      Node<Object, Object> node = new ClockNode<>(k, k);
      insert(table, stripes, node);
      nodes.add(node);
    }
    assertThat(length(table)).isEqualTo(4 * NodeTable.INITIAL_SEGMENT);
    for (Node<Object, Object> node : nodes) {
      assertThat(table.get(node.key)).isSameAs(node);
    }
  }

  private static int length(NodeTable<Object, Object> table) throws ReflectiveOperationException {
    var field = NodeTable.class.getDeclaredField("table");
    field.setAccessible(true);
    return ((Node<?, ?>[]) field.get(table)).length;
  }

  @Test
  void doublesOnceTheLocksAreFree() throws Exception {
    Stripe<Object, Object>[] stripes = stripes(4, Integer.MAX_VALUE);
    NodeTable<Object, Object> table = new NodeTable<>(stripes);
    for (int k = 0; k < 1_000; k++) {
      insert(table, stripes, new ClockNode<>(k, k));
    }
    assertThat(length(table)).isGreaterThanOrEqualTo(1_000);
  }

  /**
   * Readers look up 256 keys mapped throughout while a writer inserts and removes others, doubling
   * the table many times: no read misses a mapped key. (The jcstress test {@code
   * TableResizeReadTest} checks the same race exhaustively at one doubling.)
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void readsDuringGrowthNeverMissAKeyMappedThroughout() throws Exception {
    for (int round = 0; round < 20; round++) {
      Stripe<Object, Object>[] stripes = stripes(8, Integer.MAX_VALUE);
      NodeTable<Object, Object> table = new NodeTable<>(stripes);
      List<Node<Object, Object>> held = new ArrayList<>();
      for (int k = 0; k < 256; k++) {
        Node<Object, Object> node = new ClockNode<>(k, k);
        insert(table, stripes, node);
        held.add(node);
      }
      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger misses = new AtomicInteger();
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (!done.get()) {
                      for (Node<Object, Object> node : held) {
                        if (table.get(node.key) != node) {
                          misses.incrementAndGet();
                        }
                      }
                    }
                  });
      for (int k = 256; k < 20_000; k++) {
        Node<Object, Object> node = new ClockNode<>(k, k);
        insert(table, stripes, node);
        if (k % 3 == 0) {
          remove(table, stripes, node);
        }
      }
      done.set(true);
      reader.join();
      assertThat(misses).as("round %d", round).hasValue(0);
    }
  }
}
