package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A put that overtakes a load cancels it, even before the engine has handed out its handle. */
class OvertakenLoadTest {
  @Test
  void aPutBetweenRegisteringAndStartingTheLoadStillCancelsIt() {
    AtomicReference<Cache<String, String>> cacheRef = new AtomicReference<>();
    AtomicBoolean cancelled = new AtomicBoolean();
    // The engine lets a put land while it starts the load, before it returns the handle.
    LoadEngine engine =
        new LoadEngine() {
          @Override
          public String name() {
            return "put-while-starting";
          }

          @Override
          public Handle start(Load<?> load) {
            cacheRef.get().put("k", "put");
            return () -> cancelled.set(true);
          }
        };
    Cache<String, String> cache =
        CacheBuilder.newBuilder().policy(Policy.LRU).capacity(8).loadEngine(engine).build();
    cacheRef.set(cache);

    assertThat(cache.computeIfAbsent("k", k -> "loaded")).isEqualTo("put");
    assertThat(cancelled).as("the overtaken load was cancelled").isTrue();
    assertThat(cache.get("k")).isEqualTo("put");
  }
}
