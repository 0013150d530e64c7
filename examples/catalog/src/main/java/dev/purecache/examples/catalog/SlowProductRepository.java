package dev.purecache.examples.catalog;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory repository of products {@code "1"} to {@code "size"} that sleeps a random time
 * between a minimum and a maximum latency on every call, as a database round trip would, and
 * counts its calls. Sleeping parks a virtual thread, so slow calls cost no carrier thread.
 */
public final class SlowProductRepository implements ProductRepository {

  private final int size;
  private final long minLatencyNanos;
  private final long maxLatencyNanos;
  private final AtomicLong calls = new AtomicLong();

  /**
   * Creates a repository.
   *
   * @param size how many products exist (ids {@code "1"} to {@code "size"})
   * @param minLatency the shortest simulated latency
   * @param maxLatency the longest simulated latency
   */
  public SlowProductRepository(int size, Duration minLatency, Duration maxLatency) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, was " + size);
    }
    if (minLatency.isNegative() || maxLatency.compareTo(minLatency) < 0) {
      throw new IllegalArgumentException(
          "need 0 <= minLatency <= maxLatency, was " + minLatency + " and " + maxLatency);
    }
    this.size = size;
    this.minLatencyNanos = minLatency.toNanos();
    this.maxLatencyNanos = maxLatency.toNanos();
  }

  /**
   * Returns the product a repository of this kind holds under {@code id}, without any latency.
   *
   * @param id a numeric id from 1
   * @return the product
   */
  public static Product productFor(int id) {
    return new Product(Integer.toString(id), "Product " + id, 100L + (id * 37L) % 9_900L);
  }

  @Override
  public Optional<Product> findById(String id) {
    calls.incrementAndGet();
    simulateLatency();
    int n = parse(id);
    return n >= 1 && n <= size ? Optional.of(productFor(n)) : Optional.empty();
  }

  @Override
  public long callCount() {
    return calls.get();
  }

  private void simulateLatency() {
    long nanos = minLatencyNanos == maxLatencyNanos
        ? minLatencyNanos
        : ThreadLocalRandom.current().nextLong(minLatencyNanos, maxLatencyNanos + 1);
    if (nanos > 0) {
      try {
        Thread.sleep(Duration.ofNanos(nanos));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RepositoryUnavailableException("interrupted while querying the repository");
      }
    }
  }

  private static int parse(String id) {
    if (id.isEmpty() || id.length() > 9) {
      return -1;
    }
    for (int i = 0; i < id.length(); i++) {
      if (id.charAt(i) < '0' || id.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(id);
  }
}
