package dev.purecache.redis;

import java.util.HashMap;
import java.util.Map;

/**
 * The values of a load that must not be stored locally: an invalidation, a flush or a loss of
 * tracking came after they were read. Thrown through the core's load, so that the core stores
 * nothing and every caller of the load receives the values; each caller takes its key's value
 * with {@link #valueOf}. A bulk load throws one for all its keys.
 */
final class Superseded extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Map<Object, Object> values;

  private Superseded(Map<Object, Object> values) {
    super("superseded by an invalidation", null, false, false);
    this.values = values;
  }

  /** The value of one key; {@code value} may be null (the loader had none). */
  static Superseded of(Object key, Object value) {
    Map<Object, Object> values = new HashMap<>(2);
    values.put(key, value);
    return new Superseded(values);
  }

  /** The values of a bulk load, by key; a key mapped to null had none. */
  static Superseded ofAll(Map<?, ?> values) {
    return new Superseded(new HashMap<>(values));
  }

  /** Returns whether this load read or computed {@code key}. */
  boolean covers(Object key) {
    return values.containsKey(key);
  }

  /** Returns the value of {@code key}, or null if it had none. */
  Object valueOf(Object key) {
    return values.get(key);
  }
}
