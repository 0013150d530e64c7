package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.RemovalRecorder.Removal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Caches with deadlines per entry against a map of deadlines, driven by a manual ticker: random
 * gets, containsKey, puts, removes, clock steps of every scale, cleanUp and size, on caches of 16
 * stripes, with expire after access or with an {@link Expiry} whose durations span every level of
 * the timer wheel and include zero, negative and "never". Every lookup must agree with the model,
 * and so must every removal reported: which entries expired, when they were removed explicitly,
 * replaced, or found expired by a remove.
 */
class DeadlineDifferentialTest {
  private static final int OPERATIONS = 100_000;
  private static final int KEYS = 400;

  /** Durations from a hash of what is asked: deterministic, so the model can ask the same. */
  static final class ScatteredExpiry implements Expiry<Integer, Integer> {
    @Override
    public long expireAfterCreate(Integer key, Integer value, long currentTime) {
      return scatter(value * 31L + 1);
    }

    @Override
    public long expireAfterUpdate(Integer key, Integer value, long currentTime, long currentDuration) {
      long h = mix(value * 17L + 5);
      return (h & 3) == 0 ? currentDuration : scatter(h);
    }

    @Override
    public long expireAfterRead(Integer key, Integer value, long currentTime, long currentDuration) {
      long h = mix(currentTime ^ key);
      return (h & 1) == 0 ? currentDuration : scatter(h);
    }

    private static long scatter(long seed) {
      long h = mix(seed);
      long r = (h >>> 8) & Long.MAX_VALUE;
      return switch ((int) (h & 15)) {
        case 0 -> -(r % 1_000);
        case 1 -> 0;
        case 2 -> Long.MAX_VALUE;
        case 3, 4, 5 -> r % (1L << 20);
        case 6, 7, 8 -> r % (1L << 27);
        case 9, 10 -> r % (1L << 33);
        case 11, 12 -> r % (1L << 40);
        case 13 -> r % (1L << 52);
        default -> r % (1L << 24);
      };
    }

    private static long mix(long x) {
      x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
      x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
      return x ^ (x >>> 33);
    }
  }

  /** The reference: each key's value and deadline, and the removals it expects. */
  private static final class Model {
    final Map<Integer, long[]> entries = new HashMap<>(); // key -> {value, deadline}
    final List<Removal<Integer, Integer>> removals = new ArrayList<>();
    final Expiry<Integer, Integer> expiry;

    Model(Expiry<Integer, Integer> expiry) {
      this.expiry = expiry;
    }

    static long deadline(long now, long duration) {
      return now + Math.min(Math.max(duration, 0), Long.MAX_VALUE >> 1);
    }

    boolean live(long[] e, long now) {
      return e != null && now - e[1] < 0;
    }

    Integer get(int key, long now) {
      long[] e = entries.get(key);
      if (!live(e, now)) {
        return null;
      }
      e[1] = deadline(now, expiry.expireAfterRead(key, (int) e[0], now, e[1] - now));
      return (int) e[0];
    }

    boolean containsKey(int key, long now) {
      return live(entries.get(key), now);
    }

    void reclaim(long now) {
      entries.entrySet().removeIf(en -> {
        if (live(en.getValue(), now)) {
          return false;
        }
        removals.add(new Removal<>(en.getKey(), (int) en.getValue()[0], RemovalCause.EXPIRED));
        return true;
      });
    }

    void put(int key, int value, long now) {
      reclaim(now);
      long[] e = entries.get(key);
      if (e == null) {
        entries.put(key, new long[] {value, deadline(now, expiry.expireAfterCreate(key, value, now))});
      } else {
        removals.add(new Removal<>(key, (int) e[0], RemovalCause.REPLACED));
        e[1] = deadline(now, expiry.expireAfterUpdate(key, value, now, Math.max(1, e[1] - now)));
        e[0] = value;
      }
    }

    Integer remove(int key, long now) {
      long[] e = entries.remove(key);
      if (e == null) {
        return null;
      }
      boolean live = live(e, now);
      removals.add(new Removal<>(key, (int) e[0], live ? RemovalCause.EXPLICIT : RemovalCause.EXPIRED));
      return live ? (int) e[0] : null;
    }
  }

  /** Expire after access as an Expiry: the same duration after every create, update and read. */
  private static Expiry<Integer, Integer> fixed(long nanos) {
    return new Expiry<>() {
      @Override
      public long expireAfterCreate(Integer key, Integer value, long currentTime) {
        return nanos;
      }

      @Override
      public long expireAfterUpdate(Integer k, Integer v, long currentTime, long currentDuration) {
        return nanos;
      }

      @Override
      public long expireAfterRead(Integer k, Integer v, long currentTime, long currentDuration) {
        return nanos;
      }
    };
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @CsvSource({"access, 1", "access, 2", "expiry, 1", "expiry, 2", "expiry, 3"})
  void lookupsAndRemovalsMatchAMapOfDeadlines(String kind, long seed) {
    ManualTicker ticker = new ManualTicker();
    List<Removal<Integer, Integer>> reported = new ArrayList<>(); // one thread: no copy on write
    RemovalListener<Integer, Integer> recorder = (k, v, c) -> reported.add(new Removal<>(k, v, c));
    long access = Duration.ofMillis(50).toNanos();
    Expiry<Integer, Integer> expiry = kind.equals("access") ? fixed(access) : new ScatteredExpiry();
    CacheBuilder<Integer, Integer> builder =
        CacheBuilder.newBuilder().ticker(ticker).stripes(16).removalListener(recorder);
    Cache<Integer, Integer> cache =
        kind.equals("access")
            ? builder.expireAfterAccess(Duration.ofNanos(access)).build()
            : builder.expireAfter(expiry).build();
    assertThat(cache.info().stripes()).isEqualTo(16);
    Model model = new Model(expiry);
    SplittableRandom random = new SplittableRandom(seed);
    int values = 0;
    int expired = 0;
    for (int op = 0; op < OPERATIONS; op++) {
      long now = ticker.read();
      int key = random.nextInt(KEYS);
      int kindOfOp = random.nextInt(100);
      if (kindOfOp < 35) {
        assertThat(cache.get(key)).as("get %d at op %d", key, op).isEqualTo(model.get(key, now));
      } else if (kindOfOp < 40) {
        assertThat(cache.containsKey(key)).isEqualTo(model.containsKey(key, now));
      } else if (kindOfOp < 65) {
        int value = values++;
        cache.put(key, value);
        model.put(key, value, now);
      } else if (kindOfOp < 72) {
        assertThat(cache.remove(key)).as("remove %d at op %d", key, op).isEqualTo(model.remove(key, now));
      } else if (kindOfOp < 97) {
        ticker.advanceNanos(step(random));
      } else if (kindOfOp < 99) {
        cache.cleanUp();
        model.reclaim(now);
        expired += drainAndCompare(reported, model.removals, op);
      } else {
        model.reclaim(now);
        assertThat(cache.size()).as("size at op %d", op).isEqualTo(model.entries.size());
      }
    }
    cache.cleanUp();
    model.reclaim(ticker.read());
    expired += drainAndCompare(reported, model.removals, OPERATIONS);
    assertThat(expired).as("entries expired").isGreaterThan(OPERATIONS / 100);
  }

  private static long step(SplittableRandom random) {
    int kind = random.nextInt(100);
    if (kind < 60) {
      return random.nextLong(1L << 20);
    } else if (kind < 90) {
      return random.nextLong(1L << 25);
    } else if (kind < 99) {
      return random.nextLong(1L << 30);
    }
    return random.nextLong(1L << 40);
  }

  /** Compares the removals of both sides since the last call, empties both, counts EXPIRED. */
  private static int drainAndCompare(
      List<Removal<Integer, Integer>> reported, List<Removal<Integer, Integer>> expected, int op) {
    assertThat(asSet(reported)).as("removals up to op %d", op).isEqualTo(asSet(expected));
    int expired = (int) reported.stream().filter(r -> r.cause() == RemovalCause.EXPIRED).count();
    reported.clear();
    expected.clear();
    return expired;
  }

  private static Set<Removal<Integer, Integer>> asSet(List<Removal<Integer, Integer>> removals) {
    Set<Removal<Integer, Integer>> set = new HashSet<>(removals);
    assertThat(set).as("no removal twice").hasSameSizeAs(removals);
    return set;
  }
}
