package dev.purecache;

/** The loading contract on the builder's default policy, ADAPTIVE, with the portable engine. */
class AdaptivePolicyContractTest extends LoadingContractTest {
  @Override
  protected LoadEngine engine() {
    return LoadEngine.virtualThreads();
  }

  @Override
  protected Policy policy() {
    return Policy.ADAPTIVE;
  }
}
