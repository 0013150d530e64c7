package dev.purecache.redis;

import dev.purecache.CacheException;

/**
 * A Redis command of a near cache failed: Redis could not be reached, did not answer in time, or
 * answered with an error. The cause is the client's exception.
 */
public class RedisCacheException extends CacheException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message names the command and the key
   * @param cause the client's exception
   */
  public RedisCacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
