package dev.purecache.memo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The core is the named module {@code dev.purecache}; user interfaces often live in the unnamed
 * module. These tests run the real module (in a layer of its own, see {@link MemoizerTestLayer})
 * against copies of fixture interfaces defined by a class loader of their own, hence in that
 * loader's unnamed module: one public, one package-private. A last test memoizes interfaces of the
 * test code itself, wherever the test JVM put it.
 */
class MemoizerModuleTest {

  /** Defines copies of fixture classes in its own unnamed module; everything else from the parent. */
  private static final class IsolatingLoader extends ClassLoader {
    IsolatingLoader(ClassLoader parent) {
      super("isolating", parent);
    }

    Class<?> defineCopy(Class<?> original) throws IOException {
      String resource = original.getSimpleName() + ".class";
      try (InputStream in = original.getResourceAsStream(resource)) {
        assertThat(in).as(resource).isNotNull();
        byte[] bytes = in.readAllBytes();
        return defineClass(original.getName(), bytes, 0, bytes.length);
      }
    }
  }

  /** A plain JDK proxy of {@code type} answering "METHOD ARG" to every call, counting calls. */
  static Object countingTarget(Class<?> type, AtomicInteger calls) {
    return Proxy.newProxyInstance(
        type.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> proxy == args[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> "target";
            };
          }
          calls.incrementAndGet();
          return method.getName() + " " + args[0];
        });
  }

  /** Loads a copy of {@code fixture} into an unnamed module, seeing the layer's dev.purecache. */
  private static Class<?> unnamedCopy(MemoizerTestLayer layer, Class<?> fixture) throws Exception {
    Class<?> type = new IsolatingLoader(layer.loader).defineCopy(fixture);
    assertThat(type).isNotSameAs(fixture);
    assertThat(type.getModule().isNamed()).isFalse();
    assertThat(layer.memoizer().getModule().getName()).isEqualTo("dev.purecache");
    assertThat(layer.memoizer().getModule().getDescriptor().exports())
        .allSatisfy(e -> assertThat(e.isQualified()).isFalse())
        .extracting(ModuleDescriptor.Exports::source)
        .contains("dev.purecache.memo");
    return type;
  }

  @Test
  void publicInterfaceInAnUnnamedModule() throws Throwable {
    MemoizerTestLayer layer = MemoizerTestLayer.of();
    Class<?> type = unnamedCopy(layer, MemoizerFixtureGreeter.class);
    assertThat(Modifier.isPublic(type.getModifiers())).isTrue();

    AtomicInteger calls = new AtomicInteger();
    Object proxy = layer.proxy(type, countingTarget(type, calls));
    Method greet = type.getMethod("greet", String.class);
    Method plain = type.getMethod("plain", String.class);

    assertThat(greet.invoke(proxy, "ada")).isEqualTo("greet ada");
    assertThat(greet.invoke(proxy, "ada")).isEqualTo("greet ada");
    assertThat(plain.invoke(proxy, "ada")).isEqualTo("plain ada");
    assertThat(plain.invoke(proxy, "ada")).isEqualTo("plain ada");
    assertThat(calls).hasValue(3);
    assertThat(layer.hitCount(proxy, "greet", String.class)).isEqualTo(1);
  }

  @Test
  void packagePrivateInterfaceInAnUnnamedModule() throws Throwable {
    MemoizerTestLayer layer = MemoizerTestLayer.of();
    Class<?> type = unnamedCopy(layer, MemoizerFixtureHiddenGreeter.class);
    assertThat(Modifier.isPublic(type.getModifiers())).isFalse();

    AtomicInteger calls = new AtomicInteger();
    Object proxy = layer.proxy(type, countingTarget(type, calls));
    Method greet = type.getDeclaredMethod("greet", String.class);
    greet.setAccessible(true); // the test's own reflective call; the unnamed module is open

    assertThat(greet.invoke(proxy, "bob")).isEqualTo("greet bob");
    assertThat(greet.invoke(proxy, "bob")).isEqualTo("greet bob");
    assertThat(calls).hasValue(1);
    assertThat(layer.hitCount(proxy, "greet", String.class)).isEqualTo(1);
  }

  @Test
  void interfacesOfTheTestCodeItself() {
    AtomicInteger calls = new AtomicInteger();
    MemoizerFixtureHiddenGreeter hidden =
        Memoizer.proxy(
            MemoizerFixtureHiddenGreeter.class,
            (MemoizerFixtureHiddenGreeter)
                countingTarget(MemoizerFixtureHiddenGreeter.class, calls));
    hidden.greet("x");
    hidden.greet("x");
    MemoizerFixtureGreeter open =
        Memoizer.proxy(
            MemoizerFixtureGreeter.class,
            (MemoizerFixtureGreeter) countingTarget(MemoizerFixtureGreeter.class, calls));
    open.greet("x");
    open.greet("x");
    assertThat(calls).hasValue(2);
  }
}
