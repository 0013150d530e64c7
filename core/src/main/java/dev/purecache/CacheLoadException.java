package dev.purecache;

/**
 * A loader threw. Every caller of the failed load gets one of these with the same cause: the
 * exception the loader threw.
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
