package dev.purecache.jcache;

import java.util.function.Supplier;
import javax.cache.configuration.Factory;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;

/**
 * The JCache {@link ExpiryPolicy} of one cache, turned into deadlines on the cache's ticker
 * (nanoseconds; {@link #ETERNAL} for none). As JSR-107 says, a policy that throws leaves a new
 * entry expired at once and an existing entry's deadline unchanged, as does a {@code null}
 * duration for an update or an access.
 */
final class ExpiryDeadlines {
  /** The deadline of an entry that never expires. */
  static final long ETERNAL = Long.MAX_VALUE;

  private final ExpiryPolicy policy;

  /** The policy made by {@code factory}, or an eternal one if there is none. */
  ExpiryDeadlines(Factory<ExpiryPolicy> factory) {
    this.policy = factory == null ? new EternalExpiryPolicy() : factory.create();
  }

  /** The policy, for closing it with the cache. */
  ExpiryPolicy policy() {
    return policy;
  }

  /** The deadline of an entry created at {@code now}; {@code now} itself if it is born expired. */
  long forCreation(long now) {
    Duration d;
    try {
      d = policy.getExpiryForCreation();
    } catch (RuntimeException e) {
      d = Duration.ZERO;
    }
    return d == null ? ETERNAL : after(now, d);
  }

  /** The deadline of an entry updated at {@code now} whose deadline was {@code current}. */
  long forUpdate(long now, long current) {
    return renewed(policy::getExpiryForUpdate, now, current);
  }

  /** The deadline of an entry read at {@code now} whose deadline was {@code current}. */
  long forAccess(long now, long current) {
    return renewed(policy::getExpiryForAccess, now, current);
  }

  /**
   * The deadline the policy's {@code duration} gives an entry at {@code now}; {@code current}
   * if the policy leaves it unchanged (null) or throws.
   */
  private static long renewed(Supplier<Duration> duration, long now, long current) {
    Duration d;
    try {
      d = duration.get();
    } catch (RuntimeException e) {
      return current;
    }
    return d == null ? current : after(now, d);
  }

  /** The deadline {@code d} after {@code now}: ETERNAL if eternal, {@code now} if zero. */
  private static long after(long now, Duration d) {
    if (d.isEternal()) {
      return ETERNAL;
    }
    if (d.isZero()) {
      return now;
    }
    long at = now + d.getTimeUnit().toNanos(d.getDurationAmount());
    return (at < now || at == ETERNAL) ? ETERNAL - 1 : at;
  }
}
