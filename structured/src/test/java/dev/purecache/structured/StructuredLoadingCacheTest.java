package dev.purecache.structured;

import dev.purecache.LoadEngine;
import dev.purecache.LoadingCacheContractTest;

/**
 * The loading cache contract (get, bulk getAll, refresh) against the {@code StructuredTaskScope}
 * engine: a bulk load and a reload each run in a scope of their own.
 */
class StructuredLoadingCacheTest extends LoadingCacheContractTest {
  private static final LoadEngine ENGINE = new StructuredTaskScopeEngine();

  @Override
  protected LoadEngine engine() {
    return ENGINE;
  }
}
