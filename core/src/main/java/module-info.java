/**
 * purecache: exact LRU, LFU, TTL and LRU+TTL caches for Java 21+, built for virtual threads.
 *
 * <p>Only {@code dev.purecache} is exported; the implementation lives in a package this module
 * does not export. Load engines other than the built-in one are found with {@link
 * java.util.ServiceLoader} (see {@link dev.purecache.LoadEngine}).
 */
module dev.purecache {
  exports dev.purecache;

  uses dev.purecache.LoadEngine;
}
