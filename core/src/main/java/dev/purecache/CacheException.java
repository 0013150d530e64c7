package dev.purecache;

/** The base of the unchecked exceptions a cache throws for loads and waits. */
public class CacheException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong
   * @param cause the underlying failure, or {@code null}
   */
  public CacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
