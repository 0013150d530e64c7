package dev.purecache.lincheck;

import dev.purecache.Cache;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.Ticker;
import kotlin.Unit;
import kotlin.jvm.functions.Function1;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;
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
   * A put that supersedes a load in flight. Thread 1 loads key 3 while thread 2 puts key 1, reads
   * it (frequency 2) and puts key 3 (the put wins over the load); afterwards key 4 is inserted
   * into the full cache. If computeIfAbsent(3) returns the loaded value (103), it must come before
   * put(3, 2) in any sequential order, so that put counts as a second use of key 3: 1 and 3 both
   * reach frequency 2 and put(4, 3) evicts 1, the less recently used. A cache that stores the put
   * as a fresh entry (frequency 1) evicts 3 instead and keeps 1, which no sequential order
   * explains.
   */
  @Test
  void loadSupersededByPutModelCheckingTest() {
    checkScenario(
        t -> {
          t.actor(op("computeIfAbsent"), 3);
          return Unit.INSTANCE;
        },
        t -> {
          t.actor(op("put"), 1, 1);
          t.actor(op("get"), 1);
          t.actor(op("put"), 3, 2);
          return Unit.INSTANCE;
        });
  }

  /**
   * A caller that joins a load in flight. Thread 1 loads key 3 while thread 2 puts key 1, reads it
   * (frequency 2), then calls computeIfAbsent(3) itself and joins the load. Both callers return
   * 103, so in any sequential order one of them inserted key 3 and the other, which started after
   * get(1), hit it: key 3 reaches frequency 2 after key 1's last use, and put(4, 3) evicts 1. A
   * cache that does not count the joined call as a use keeps key 3 at frequency 1 and evicts it
   * instead.
   */
  @Test
  void joinedLoadModelCheckingTest() {
    checkScenario(
        t -> {
          t.actor(op("computeIfAbsent"), 3);
          return Unit.INSTANCE;
        },
        t -> {
          t.actor(op("put"), 1, 1);
          t.actor(op("get"), 1);
          t.actor(op("computeIfAbsent"), 3);
          return Unit.INSTANCE;
        });
  }

  /** Model-checks one scenario: two threads, then put(4, 3), get(1), containsKey(3). */
  private void checkScenario(
      Function1<DSLThreadScenario, Unit> thread1, Function1<DSLThreadScenario, Unit> thread2) {
    setEngine(new CallerRunsLoadEngine());
    new ModelCheckingOptions()
        .iterations(0)
        .invocationsPerIteration(2_000)
        .sequentialSpecification(model())
        .addCustomScenario(
            scenario -> {
              scenario.parallel(
                  parallel -> {
                    parallel.thread(thread1);
                    parallel.thread(thread2);
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
}
