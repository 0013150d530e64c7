package dev.purecache.lincheck;

import dev.purecache.Cache;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.Ticker;
import java.lang.reflect.Method;
import java.util.Arrays;
import kotlin.Unit;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/** The LFU backend, capacity 2, against {@link CacheModel.Lfu}. */
public class LfuLincheckTest extends CacheLincheckTest {
  @Override
  protected Cache<Integer, Integer> newCache(Ticker ticker, LoadEngine loads) {
    return build(Policy.LFU, CAPACITY, 0, ticker, loads);
  }

  @Override
  protected Class<? extends CacheModel> model() {
    return CacheModel.Lfu.class;
  }

  /**
   * A put that supersedes a load in flight, under LFU. Thread 1 loads key 3 while thread 2 puts
   * key 1, reads it (frequency 2) and puts key 3 (the put wins over the load); afterwards key 4
   * is inserted into the full cache. If computeIfAbsent(3) returns the loaded value (103), it
   * must come before put(3, 2) in any sequential order, so that put counts as a second use of key
   * 3: 1 and 3 both reach frequency 2 and put(4, 3) evicts 1, the less recently used. An engine
   * that stores the put as a fresh entry (frequency 1) evicts 3 instead and keeps 1, which no
   * sequential order explains.
   */
  @Test
  void loadSupersededByPutModelCheckingTest() {
    setEngine(new CallerRunsLoadEngine());
    new ModelCheckingOptions()
        .iterations(0)
        .invocationsPerIteration(2_000)
        .sequentialSpecification(model())
        .addCustomScenario(
            scenario -> {
              scenario.parallel(
                  parallel -> {
                    parallel.thread(
                        t -> {
                          t.actor(op("computeIfAbsent"), 3);
                          return Unit.INSTANCE;
                        });
                    parallel.thread(
                        t -> {
                          t.actor(op("put"), 1, 1);
                          t.actor(op("get"), 1);
                          t.actor(op("put"), 3, 2);
                          return Unit.INSTANCE;
                        });
                    return Unit.INSTANCE;
                  });
              scenario.post(
                  t -> {
                    t.actor(op("put"), 4, 3);
                    t.actor(op("get"), 1);
                    t.actor(op("containsKey"), 3);
                    return Unit.INSTANCE;
                  });
              return Unit.INSTANCE;
            })
        .check(getClass());
  }

  private static KFunction<?> op(String name) {
    Method method =
        Arrays.stream(CacheLincheckTest.class.getMethods())
            .filter(m -> m.getName().equals(name))
            .findFirst()
            .orElseThrow();
    return ReflectJvmMapping.getKotlinFunction(method);
  }
}
