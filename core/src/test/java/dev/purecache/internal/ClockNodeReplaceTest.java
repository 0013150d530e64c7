package dev.purecache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The replace byte of an ADAPTIVE entry ({@link ClockNode}): one change of the value holds it at a
 * time, a write under the lock waits for the lock-free replace that holds it, and none enters
 * once the entry has left the map.
 */
class ClockNodeReplaceTest {
  private final ClockNode<String, Integer> node = new ClockNode<>("k", 1);

  @Test
  void oneReplaceHoldsTheNodeAtATime() {
    assertThat(node.tryEnterReplace()).isTrue();
    assertThat(node.tryEnterReplace()).as("a second replace while the first holds it").isFalse();
    assertThat(node.swapValueExclusively(2)).isEqualTo(1);
    node.exitReplace();

    assertThat(node.tryEnterReplace()).as("after the first left").isTrue();
    assertThat(node.swapValueExclusively(3)).isEqualTo(2);
    node.exitReplace();
    assertThat(node.value).isEqualTo(3);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aWriteUnderTheLockWaitsForTheReplaceThatHoldsTheNode() throws Exception {
    assertThat(node.tryEnterReplace()).isTrue();
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Integer> write =
        CompletableFuture.supplyAsync(
            () -> {
              started.countDown();
              return node.replaceValue(3);
            });
    started.await();
    Thread.sleep(50); // gives the write time to spin: it must still be waiting below
    assertThat(write).as("the write while the replace holds the node").isNotDone();

    assertThat(node.swapValueExclusively(2)).isEqualTo(1);
    node.exitReplace();

    assertThat(write.get(5, TimeUnit.SECONDS)).as("what the write replaced").isEqualTo(2);
    assertThat(node.value).isEqualTo(3);
    assertThat(node.tryEnterReplace()).as("the write left the node free").isTrue();
    node.exitReplace();
  }

  @Test
  void noReplaceEntersARetiredNode() {
    node.retire();

    assertThat(node.tryEnterReplace()).isFalse();
    assertThatThrownBy(() -> node.replaceValue(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("left the map");
    assertThat(node.value).isEqualTo(1);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void retiringWaitsForTheReplaceThatHoldsTheNode() throws Exception {
    assertThat(node.tryEnterReplace()).isTrue();
    CompletableFuture<Void> retire = CompletableFuture.runAsync(node::retire);
    Thread.sleep(50); // gives the retire time to spin: it must still be waiting below
    assertThat(retire).isNotDone();

    node.swapValueExclusively(2);
    node.exitReplace();

    retire.get(5, TimeUnit.SECONDS);
    assertThat(node.tryEnterReplace()).isFalse();
    assertThat(node.value).as("the retired node's last value").isEqualTo(2);
  }
}
