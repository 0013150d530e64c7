package dev.purecache.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * What a near cache does with its local tier while it cannot trust it: from the moment its
 * connection drops, Redis stops answering its health check, or the server reports the tracking
 * broken, until tracking is established again (after which the local tier is cleared and used
 * as before).
 *
 * <ul>
 *   <li>{@link #bypassLocal()} (the default): the local tier is cleared at once and not used;
 *       every read goes to Redis (and fails while Redis cannot be reached). No read can return a
 *       value another instance has overwritten.
 *   <li>{@link #serveLocalFor(Duration)}: local hits are still served for at most the given
 *       time after the trouble began (by the cache's {@link dev.purecache.Ticker}), so an
 *       instance keeps answering hot keys through a short outage; such a value may be as old as
 *       that time. Past it, the local tier is cleared and reads bypass it as above.
 * </ul>
 *
 * <p>Writes always go to Redis first and fail while it cannot be reached.
 */
public final class DisconnectPolicy {
  private static final DisconnectPolicy BYPASS = new DisconnectPolicy(0);

  private final long graceNanos;

  private DisconnectPolicy(long graceNanos) {
    this.graceNanos = graceNanos;
  }

  /**
   * Returns the policy that bypasses the local tier until tracking is back (the default).
   *
   * @return the bypass policy
   */
  public static DisconnectPolicy bypassLocal() {
    return BYPASS;
  }

  /**
   * Returns the policy that serves local hits for at most {@code grace} after tracking is lost.
   *
   * @param grace how long local entries may still be served, positive
   * @return the policy
   * @throws NullPointerException if {@code grace} is null
   * @throws IllegalArgumentException if {@code grace} is zero or negative
   */
  public static DisconnectPolicy serveLocalFor(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isZero() || grace.isNegative()) {
      throw new IllegalArgumentException("grace must be positive, was " + grace);
    }
    return new DisconnectPolicy(grace.toNanos());
  }

  /** Returns how long local hits are served after tracking is lost; 0 for bypass. */
  long graceNanos() {
    return graceNanos;
  }

  @Override
  public String toString() {
    return graceNanos == 0
        ? "DisconnectPolicy.bypassLocal()"
        : "DisconnectPolicy.serveLocalFor(" + Duration.ofNanos(graceNanos) + ")";
  }
}
