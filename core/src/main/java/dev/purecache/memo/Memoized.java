package dev.purecache.memo;

import dev.purecache.Policy;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface method whose results a {@link Memoizer#proxy memoizing proxy} caches, each
 * annotated method in a cache of its own built from these values:
 *
 * <pre>{@code
 * interface Prices {
 *   @Memoized(policy = Policy.LRU_TTL, capacity = 512, ttl = "PT5M")
 *   BigDecimal price(String sku, Currency currency);
 *
 *   void reload();   // not annotated: every call reaches the implementation
 * }
 * }</pre>
 *
 * <p>Only abstract methods of the interface given to {@link Memoizer#proxy} (or of its
 * superinterfaces) count; the annotation on an implementation class is not read. The values are
 * checked when the proxy is made, which fails with an {@link IllegalArgumentException} naming the
 * method if: the method returns {@code void}; it is a {@code default}, {@code static} or {@code
 * Object} method ({@code equals}, {@code hashCode}, {@code toString}); the capacity is below 1;
 * the ttl is not an ISO-8601 duration (as read by {@link java.time.Duration#parse}) or is not
 * positive; the policy is {@link Policy#LRU} or {@link Policy#LFU} with a ttl, or {@link
 * Policy#TTL} or {@link Policy#LRU_TTL} without one.
 *
 * <p>The annotation is only read when a proxy is made; it takes no part in calls, so it neither
 * blocks nor needs synchronisation (see {@link Memoizer} for what a memoized call blocks on).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Memoized {

  /**
   * The eviction policy of the method's cache.
   *
   * @return the policy; default {@link Policy#LRU}
   */
  Policy policy() default Policy.LRU;

  /**
   * The most results the method's cache holds, at least 1. Up to 1,024 the policy is exact.
   *
   * @return the capacity; default 1,024
   */
  int capacity() default 1024;

  /**
   * How long a result stays cached after it was computed, as an ISO-8601 duration such as {@code
   * "PT5M"} (five minutes) or {@code "PT0.5S"}; required by {@link Policy#TTL} and {@link
   * Policy#LRU_TTL}, not allowed with the others.
   *
   * @return the time to live; default {@code ""}, meaning none
   */
  String ttl() default "";
}
