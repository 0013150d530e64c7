/**
 * purecache: exact LRU, LFU, TTL and LRU+TTL caches for Java 21+, built for virtual threads.
 *
 * <p>Two packages are exported: {@code dev.purecache}, the caches, and {@code dev.purecache.memo},
 * memoization of functions and interface methods built on them. The implementation lives in a
 * package this module does not export. Load engines other than the built-in one are found with
 * {@link java.util.ServiceLoader} (see {@link dev.purecache.LoadEngine}).
 *
 * <p>The module reads {@code jdk.jfr} for its Flight Recorder events ({@code purecache.Load},
 * {@code purecache.Eviction}, disabled by default). It is a full requirement, not {@code static}:
 * {@code jdk.jfr} ships in every JDK and JRE image since 11, and a static one would leave the
 * events silently missing for applications on the module path that do not add the module.
 */
module dev.purecache {
  exports dev.purecache;
  exports dev.purecache.memo;

  requires jdk.jfr;

  uses dev.purecache.LoadEngine;
}
