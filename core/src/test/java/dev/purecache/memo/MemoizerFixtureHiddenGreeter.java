package dev.purecache.memo;

/** Like {@link MemoizerFixtureGreeter}, but package-private: reached only through an open package. */
interface MemoizerFixtureHiddenGreeter {
  @Memoized(capacity = 16)
  String greet(String name);
}
