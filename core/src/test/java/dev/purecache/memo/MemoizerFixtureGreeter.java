package dev.purecache.memo;

/**
 * A public interface that {@link MemoizerModuleTest} loads a second time into a class loader of
 * its own, which puts that copy in an unnamed module.
 */
public interface MemoizerFixtureGreeter {
  @Memoized(capacity = 16)
  String greet(String name);

  String plain(String name);
}
