package dev.purecache.probe;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import java.util.ServiceLoader;

/**
 * Prints which load engine a plain JVM picks, for {@code FallbackTest}: run it with and without
 * {@code --enable-preview}, with {@code purecache-structured} on the class path or module path.
 */
public final class EngineProbe {
  private EngineProbe() {}

  /**
   * Prints {@code key=value} lines: the default engine, a cache's description, a loaded value,
   * and whether the structured engine reports itself usable.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    LoadEngine engine = LoadEngine.defaultEngine();
    System.out.println("default=" + engine.name());
    System.out.println("module=" + engine.getClass().getModule().getName());
    Cache<String, String> cache = CacheBuilder.newBuilder().policy(Policy.LRU).capacity(8).build();
    System.out.println("cache=" + cache);
    System.out.println("value=" + cache.computeIfAbsent("k", k -> k + "-loaded"));
    // The structured provider itself loads on any JVM; it must answer isUsable() without throwing.
    for (LoadEngine provider : providers()) {
      System.out.println("provider=" + provider.name() + " usable=" + provider.isUsable());
    }
  }

  private static Iterable<LoadEngine> providers() {
    java.util.List<LoadEngine> found = new java.util.ArrayList<>();
    ServiceLoader.load(LoadEngine.class).stream()
        .forEach(
            p -> {
              try {
                found.add(p.get());
              } catch (java.util.ServiceConfigurationError | LinkageError e) {
                System.out.println("provider-error=" + e);
              }
            });
    return found;
  }
}
