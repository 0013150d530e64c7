package dev.purecache.memo;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * A module layer holding the real module {@code dev.purecache}, read from the build's own output
 * (its {@code module-info.class} included), plus any extra modules; and reflective calls of that
 * module's {@link Memoizer}. Tests use it to cross true module boundaries whether the test JVM
 * runs the core on the class path or on the module path.
 */
final class MemoizerTestLayer {
  final ModuleLayer layer;
  final ClassLoader loader;

  private MemoizerTestLayer(ModuleLayer layer) {
    this.layer = layer;
    this.loader = layer.findLoader("dev.purecache");
  }

  /** A layer of {@code dev.purecache} and the modules {@code extraRoots} found by {@code extra}. */
  static MemoizerTestLayer of(ModuleFinder extra, Set<String> extraRoots) {
    Path classes;
    try {
      classes = Path.of(Memoizer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
    Set<String> roots = new HashSet<>(extraRoots);
    roots.add("dev.purecache");
    Configuration configuration =
        ModuleLayer.boot()
            .configuration()
            .resolve(ModuleFinder.compose(ModuleFinder.of(classes), extra), ModuleFinder.of(), roots);
    return new MemoizerTestLayer(
        ModuleLayer.boot()
            .defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader()));
  }

  static MemoizerTestLayer of() {
    return of(ModuleFinder.of(), Set.of());
  }

  /** The layer's {@code Memoizer} class, in the named module {@code dev.purecache}. */
  Class<?> memoizer() throws ClassNotFoundException {
    return loader.loadClass(Memoizer.class.getName());
  }

  /** The layer's {@code Memoizer.proxy(type, target)}; throws what it throws. */
  Object proxy(Class<?> type, Object target) throws Throwable {
    return call(memoizer().getMethod("proxy", Class.class, Object.class), null, type, target);
  }

  /** The layer's {@code Memoizer.method(proxy, name, types).stats().hitCount()}. */
  long hitCount(Object proxy, String name, Class<?>... types) throws Throwable {
    Object handle =
        call(memoizer().getMethod("method", Object.class, String.class, Class[].class), null,
            proxy, name, types);
    Object stats = call(handle.getClass().getMethod("stats"), handle);
    return (long) call(stats.getClass().getMethod("hitCount"), stats);
  }

  /** Calls {@code method} and throws what it throws, unwrapped. */
  static Object call(Method method, Object receiver, Object... args) throws Throwable {
    try {
      return method.invoke(receiver, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
