package dev.purecache;

/**
 * A loader threw a checked exception. Every caller of the failed load gets one of these with the
 * same cause: the exception the loader threw. A loader's unchecked exceptions ({@link
 * RuntimeException}, {@link Error}) are never wrapped: they reach the callers unchanged, as from
 * {@link java.util.concurrent.ConcurrentHashMap#computeIfAbsent}. A load that ended because every
 * caller left it is reported with one of these and no cause.
 */
public class CacheLoadException extends CacheException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a failed load.
   *
   * @param message names the key
   * @param cause what the loader threw
   */
  public CacheLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
