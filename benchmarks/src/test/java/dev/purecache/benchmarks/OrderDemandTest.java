package dev.purecache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OrderDemandTest {
  @Test
  void aRepeatedHitOnTheMostRecentKeyIsNotRecorded() {
    OrderDemand d = new OrderDemand(1);
    d.read(0, "a");
    d.read(0, "a");
    d.read(1, "a");
    assertThat(d.recordedPerRead()).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(d.crossingPerRead()).isZero();
  }

  @Test
  void aHitAfterAnotherThreadsRecordedHitCrosses() {
    OrderDemand d = new OrderDemand(1);
    d.read(0, "a"); // recorded, first of the stripe
    d.read(1, "b"); // recorded, crossing
    d.read(1, "a"); // recorded, same thread as the previous record
    d.read(0, "a"); // the most recent: not recorded
    d.read(0, "b"); // recorded, crossing (the previous record was thread 1's)
    assertThat(d.recordedPerRead()).isCloseTo(4 / 5.0, within(1e-9));
    assertThat(d.crossingPerRead()).isCloseTo(2 / 5.0, within(1e-9));
  }

  @Test
  void stripesKeepTheirOwnMostRecentKey() {
    Integer a = 1;
    Integer b = 2;
    int stripes = 1 << 16;
    int mask = stripes - 1;
    assertThat(dev.purecache.internal.CacheSettings.stripeIndex(a, mask))
        .isNotEqualTo(dev.purecache.internal.CacheSettings.stripeIndex(b, mask));
    OrderDemand d = new OrderDemand(stripes);
    d.read(0, a);
    d.read(1, b);
    d.read(0, a); // still the most recent of its own stripe
    d.read(1, b);
    assertThat(d.recordedPerRead()).isCloseTo(2 / 4.0, within(1e-9));
    assertThat(d.crossingPerRead()).isZero();
  }

  @Test
  void oneThreadNeverCrosses() {
    Integer[] ring = new ScrambledZipf(1000, 3).keys(4096);
    OrderDemand d = OrderDemand.replay(ring, 16, 1, 100_000, 5);
    assertThat(d.crossingPerRead()).isZero();
    assertThat(d.recordedPerRead()).isBetween(0.0, 1.0);
  }

  @Test
  void moreStripesMeanFewerRecordedHits() {
    Integer[] ring = new ScrambledZipf(1000, 3).keys(4096);
    double one = OrderDemand.replay(ring, 1, 2, 100_000, 5).recordedPerRead();
    double many = OrderDemand.replay(ring, 1024, 2, 100_000, 5).recordedPerRead();
    assertThat(many).isLessThan(one);
  }

  @Test
  void rejectsAStripeCountThatIsNotAPowerOfTwo() {
    assertThatThrownBy(() -> new OrderDemand(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("power of two");
  }
}
