package dev.purecache;

/** The loading cache contract against the portable engine on plain virtual threads. */
class VirtualThreadLoadingCacheTest extends LoadingCacheContractTest {

  @Override
  protected LoadEngine engine() {
    return LoadEngine.virtualThreads();
  }
}
