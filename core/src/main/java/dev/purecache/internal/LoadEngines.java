package dev.purecache.internal;

import dev.purecache.LoadEngine;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the default load engine: the first usable {@link ServiceLoader} provider, else the
 * portable one. Public only for {@link LoadEngine}'s static methods; this package is not
 * exported.
 */
public final class LoadEngines {
  private static final System.Logger LOG = System.getLogger(LoadEngines.class.getName());

  private LoadEngines() {}

  /** Returns the engine on plain virtual threads. */
  public static LoadEngine portable() {
    return VirtualThreadLoadEngine.INSTANCE;
  }

  /** Returns the default engine, discovered once per class loader. */
  public static LoadEngine defaultEngine() {
    return Discovered.ENGINE;
  }

  private static final class Discovered {
    static final LoadEngine ENGINE = discover();
  }

  /**
   * Walks the providers, passing over any that cannot load on this JVM: a class compiled for a
   * preview API fails with {@link UnsupportedClassVersionError} (a {@link LinkageError}) from
   * {@code hasNext()} itself, not with a {@link ServiceConfigurationError}.
   */
  static LoadEngine discover() {
    Iterator<LoadEngine> providers =
        ServiceLoader.load(LoadEngine.class, LoadEngines.class.getClassLoader()).iterator();
    for (int attempts = 0; attempts < 64; attempts++) {
      LoadEngine candidate;
      try {
        if (!providers.hasNext()) {
          break;
        }
        candidate = providers.next();
      } catch (ServiceConfigurationError | LinkageError unusable) {
        LOG.log(System.Logger.Level.DEBUG, "load engine provider passed over", unusable);
        continue;
      }
      if (isUsable(candidate)) {
        return candidate;
      }
    }
    return portable();
  }

  private static boolean isUsable(LoadEngine candidate) {
    try {
      return candidate.isUsable();
    } catch (LinkageError | RuntimeException unusable) {
      LOG.log(System.Logger.Level.DEBUG, "load engine " + candidate + " is not usable", unusable);
      return false;
    }
  }
}
