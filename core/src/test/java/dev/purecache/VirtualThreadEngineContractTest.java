package dev.purecache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The loading contract against the portable engine on plain virtual threads. */
class VirtualThreadEngineContractTest extends LoadingContractTest {

  @Override
  protected LoadEngine engine() {
    return LoadEngine.virtualThreads();
  }

  @Test
  void portableEngineIsNamedVirtualThreads() {
    assertEquals("virtual-threads", engine().name());
  }
}
