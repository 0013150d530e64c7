package dev.purecache.examples.catalog;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition to become true, failing after a generous deadline. */
final class Conditions {

  private Conditions() {}

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(1);
    }
  }
}
