package dev.purecache.lincheck;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.Ticker;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import kotlin.Unit;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.lincheck.datastructures.DSLScenarioBuilder;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * The Lincheck test shared by every backend: operations get, put, remove, containsKey,
 * computeIfAbsent (with a deterministic loader) and size on keys 1 to 4 of a cache of capacity 2,
 * checked for linearizability against {@link #model()} in model-checking and stress modes.
 * Each subclass names the cache under test and its sequential model; Lincheck creates a fresh
 * instance (and so a fresh cache and ticker) for every scenario it runs.
 */
public abstract class CacheLincheckTest {
  static final int CAPACITY = 2;
  static final long TTL_MILLIS = 2;

  /**
   * The engine that runs the loads of the caches built for the next Lincheck run: the
   * caller-runs engine under model checking, the real virtual-thread engine under stress. Set by
   * each {@code @Test} method before it starts Lincheck (JUnit runs them one at a time).
   */
  private static volatile LoadEngine engine = LoadEngine.virtualThreads();

  /**
   * Sets the engine for the caches of the next Lincheck run.
   *
   * @param loads the engine
   */
  static void setEngine(LoadEngine loads) {
    engine = loads;
  }

  /** The time source of the cache under test, moved by the {@code advance} operation. */
  protected final ManualTicker ticker = new ManualTicker();

  /** The cache under test. */
  protected final Cache<Integer, Integer> cache = newCache(ticker, engine);

  /**
   * Builds the cache under test.
   *
   * @param ticker its time source
   * @param loads the engine that runs its loads
   * @return a new, empty cache
   */
  protected abstract Cache<Integer, Integer> newCache(Ticker ticker, LoadEngine loads);

  /**
   * Returns the sequential specification.
   *
   * @return a subclass of {@link CacheModel} with a no-argument constructor
   */
  protected abstract Class<? extends CacheModel> model();

  /** Builds a real backend with a controllable time source and the given load engine. */
  static Cache<Integer, Integer> build(
      Policy policy, int capacity, long ttlMillis, Ticker ticker, LoadEngine loads) {
    CacheBuilder<Object, Object> builder =
        CacheBuilder.newBuilder().policy(policy).ticker(ticker).loadEngine(loads);
    if (capacity != Integer.MAX_VALUE) {
      builder.capacity(capacity);
    }
    if (ttlMillis != 0) {
      builder.ttl(Duration.ofMillis(ttlMillis));
    }
    return builder.build();
  }

  private static Integer load(Integer key) {
    return CacheModel.loaded(key);
  }

  @Operation
  public Integer get(@Param(gen = IntGen.class, conf = "1:4") int key) {
    return cache.get(key);
  }

  @Operation
  public void put(
      @Param(gen = IntGen.class, conf = "1:4") int key,
      @Param(gen = IntGen.class, conf = "1:3") int value) {
    cache.put(key, value);
  }

  @Operation
  public Integer remove(@Param(gen = IntGen.class, conf = "1:4") int key) {
    return cache.remove(key);
  }

  @Operation
  public boolean containsKey(@Param(gen = IntGen.class, conf = "1:4") int key) {
    return cache.containsKey(key);
  }

  @Operation
  public Integer computeIfAbsent(@Param(gen = IntGen.class, conf = "1:4") int key) {
    return cache.computeIfAbsent(key, CacheLincheckTest::load);
  }

  @Operation
  public int size() {
    return cache.size();
  }

  /**
   * Model checking: explores interleavings systematically (sequential consistency), first of
   * {@link #readDuringReplace}, then of random scenarios. The JDK's hash maps count as atomic
   * steps: they are linearizable on their own (the core's lookups use a {@code
   * ConcurrentHashMap}, its loads in flight a {@code HashMap} under the stripe lock), and stepping
   * through their resize loops only slows the search and trips Lincheck's livelock detection.
   */
  protected ModelCheckingOptions modelChecking() {
    return new ModelCheckingOptions()
        .addGuarantee(forClasses(ConcurrentHashMap.class.getName()).allMethods().treatAsAtomic())
        .addGuarantee(forClasses(HashMap.class.getName()).allMethods().treatAsAtomic())
        .iterations(8)
        .invocationsPerIteration(120)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(3)
        .actorsAfter(2)
        .sequentialSpecification(model())
        .addCustomScenario(CacheLincheckTest::readDuringReplace);
  }

  /**
   * A read of key 1 racing a put that replaces it, then a read of key 2 and a put of a third key
   * into the full cache (capacity 2), after 1 and 2 were put and 2 read; the post part asks which
   * of 1 and 2 the third key evicted. In every sequential order a read of 1 that returns the old
   * value comes before the replace and so before the read of 2, which leaves 1 the least recently
   * used (for LFU, 1 and 2 are then used three times each, 1 first); a read that returned the old
   * value but counted its hit after the read of 2 would evict 2. The model checker explores where
   * the read of 1 is interrupted; random scenarios rarely hold this shape.
   *
   * @param scenario the scenario's builder (see {@link ModelCheckingOptions#addCustomScenario})
   * @return {@link Unit}, as the scenario DSL expects
   */
  static Unit readDuringReplace(DSLScenarioBuilder scenario) {
    scenario.initial(
        t -> {
          t.actor(op("put"), 1, 1);
          t.actor(op("put"), 2, 1);
          t.actor(op("get"), 2);
          return Unit.INSTANCE;
        });
    scenario.parallel(
        parallel -> {
          parallel.thread(
              t -> {
                t.actor(op("get"), 1);
                return Unit.INSTANCE;
              });
          parallel.thread(
              t -> {
                t.actor(op("put"), 1, 2);
                t.actor(op("get"), 2);
                t.actor(op("put"), 3, 1);
                return Unit.INSTANCE;
              });
          return Unit.INSTANCE;
        });
    scenario.post(
        t -> {
          t.actor(op("containsKey"), 1);
          t.actor(op("containsKey"), 2);
          return Unit.INSTANCE;
        });
    return Unit.INSTANCE;
  }

  /**
   * Returns the operation of this class named {@code name}, for a fixed scenario.
   *
   * @param name the method's name (each operation's is unique)
   * @return the operation as the scenario DSL takes it
   */
  static KFunction<?> op(String name) {
    Method method =
        Arrays.stream(CacheLincheckTest.class.getMethods())
            .filter(m -> m.getName().equals(name))
            .findFirst()
            .orElseThrow();
    return ReflectJvmMapping.getKotlinFunction(method);
  }

  /** Stress: runs scenarios on real threads, many times each. */
  protected StressOptions stress() {
    return new StressOptions()
        .iterations(8)
        .invocationsPerIteration(200)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(3)
        .actorsAfter(2)
        .sequentialSpecification(model());
  }

  @Test
  void modelCheckingTest() {
    setEngine(new CallerRunsLoadEngine());
    modelChecking().check(getClass());
  }

  @Test
  void stressTest() {
    setEngine(LoadEngine.virtualThreads());
    stress().check(getClass());
  }
}
