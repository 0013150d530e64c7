package dev.purecache;

/**
 * A load ran past the configured load timeout: it was cancelled (its thread interrupted),
 * nothing was stored, and every caller of it gets one of these.
 */
public class CacheLoadTimeoutException extends CacheException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for a timed-out load.
   *
   * @param message names the key and the timeout
   */
  public CacheLoadTimeoutException(String message) {
    super(message, null);
  }
}
