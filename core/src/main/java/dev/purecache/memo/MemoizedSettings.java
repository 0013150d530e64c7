package dev.purecache.memo;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.Policy;
import dev.purecache.Ticker;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The checked values of one {@link Memoized} annotation, and the cache they describe. Every
 * check fails with an {@link IllegalArgumentException} naming the annotated method and the bad
 * value.
 *
 * @param policy the eviction policy
 * @param capacity the capacity, at least 1
 * @param ttl the time to live, or {@code null} for none
 */
record MemoizedSettings(Policy policy, int capacity, Duration ttl) {

  /** Reads and checks the annotation of an abstract, non-void interface method. */
  static MemoizedSettings of(Method method, Memoized annotation) {
    String where = "@Memoized on " + describe(method);
    if (method.getReturnType() == void.class) {
      throw new IllegalArgumentException(where + ": a void method has no result to memoize");
    }
    if (annotation.capacity() < 1) {
      throw new IllegalArgumentException(
          where + ": capacity must be >= 1, was " + annotation.capacity());
    }
    Duration ttl = parseTtl(where, annotation.ttl());
    Policy policy = annotation.policy();
    switch (policy) {
      case LRU, LFU -> {
        if (ttl != null) {
          throw new IllegalArgumentException(
              where + ": policy " + policy + " takes no ttl, was \"" + annotation.ttl()
                  + "\" (use LRU_TTL or TTL)");
        }
      }
      case TTL, LRU_TTL -> {
        if (ttl == null) {
          throw new IllegalArgumentException(
              where + ": policy " + policy + " needs a ttl such as ttl = \"PT5M\"");
        }
      }
    }
    return new MemoizedSettings(policy, annotation.capacity(), ttl);
  }

  private static Duration parseTtl(String where, String text) {
    if (text.isEmpty()) {
      return null;
    }
    Duration ttl;
    try {
      ttl = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          where + ": ttl \"" + text + "\" is not an ISO-8601 duration such as \"PT5M\"", e);
    }
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException(where + ": ttl must be positive, was \"" + text + "\"");
    }
    return ttl;
  }

  /** Builds the method's own cache, with statistics on. */
  Cache<Object, Object> newCache(Ticker ticker) {
    CacheBuilder<Object, Object> builder =
        CacheBuilder.newBuilder().policy(policy).capacity(capacity).ticker(ticker).recordStats();
    if (ttl != null) {
      builder.ttl(ttl);
    }
    return builder.build();
  }

  /** Names a method as {@code pkg.Type.name(int, java.lang.String)}. */
  static String describe(Method method) {
    return method.getDeclaringClass().getTypeName()
        + "."
        + method.getName()
        + Arrays.stream(method.getParameterTypes())
            .map(Class::getTypeName)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  @Override
  public String toString() {
    return policy + ", capacity " + capacity + (ttl == null ? "" : ", ttl " + ttl);
  }
}
