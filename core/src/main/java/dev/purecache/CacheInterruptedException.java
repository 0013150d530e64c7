package dev.purecache;

/**
 * The calling thread was interrupted while it waited for a load. Its interrupt status is still
 * set; the load goes on for its other callers and is cancelled once nobody waits for it.
 */
public class CacheInterruptedException extends CacheException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception for an interrupted wait.
   *
   * @param message names the key
   * @param cause the {@link InterruptedException} that ended the wait
   */
  public CacheInterruptedException(String message, InterruptedException cause) {
    super(message, cause);
  }
}
