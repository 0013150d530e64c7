package dev.purecache.examples.catalog;

/** Thrown by a {@link ProductRepository} that cannot answer; the HTTP layer maps it to 503. */
public class RepositoryUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   */
  public RepositoryUnavailableException(String message) {
    super(message);
  }
}
