package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The core is the named module {@code dev.purecache}; user interfaces live elsewhere. These tests
 * memoize interfaces of the test code itself and interfaces in an unnamed module (a copy of a
 * fixture defined by a class loader of its own), public and package-private.
 */
class MemoizerModuleTest {

  /** Defines copies of fixture classes in its own unnamed module; everything else from the parent. */
  private static final class IsolatingLoader extends ClassLoader {
    IsolatingLoader() {
      super("isolating", MemoizerModuleTest.class.getClassLoader());
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

  private static <T> T proxyOf(Class<T> type, Object target) {
    return Memoizer.proxy(type, type.cast(target));
  }

  /** A plain JDK proxy of {@code type} answering every call with "hello NAME", counting calls. */
  private static Object countingTarget(Class<?> type, AtomicInteger calls) {
    return Proxy.newProxyInstance(
        type.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.getName().equals("toString") ? "target" : method.invoke(new Object(), args);
          }
          calls.incrementAndGet();
          return method.getName() + " " + args[0];
        });
  }

  @Test
  void publicInterfaceInAnUnnamedModule() throws Exception {
    Class<?> type = new IsolatingLoader().defineCopy(MemoizerFixtureGreeter.class);
    assertThat(type).isNotSameAs(MemoizerFixtureGreeter.class);
    assertThat(type.getModule().isNamed()).isFalse();
    assertThat(Memoizer.class.getModule().isNamed()).isTrue();

    AtomicInteger calls = new AtomicInteger();
    Object proxy = proxyOf(type, countingTarget(type, calls));
    Method greet = type.getMethod("greet", String.class);
    Method plain = type.getMethod("plain", String.class);

    assertThat(greet.invoke(proxy, "ada")).isEqualTo("greet ada");
    assertThat(greet.invoke(proxy, "ada")).isEqualTo("greet ada");
    assertThat(plain.invoke(proxy, "ada")).isEqualTo("plain ada");
    assertThat(plain.invoke(proxy, "ada")).isEqualTo("plain ada");
    assertThat(calls).hasValue(3);
    assertThat(Memoizer.method(proxy, "greet", String.class).stats().hitCount()).isEqualTo(1);
  }

  @Test
  void packagePrivateInterfaceInAnUnnamedModule() throws Exception {
    Class<?> type = new IsolatingLoader().defineCopy(MemoizerFixtureHiddenGreeter.class);
    assertThat(type.getModule().isNamed()).isFalse();
    assertThat(java.lang.reflect.Modifier.isPublic(type.getModifiers())).isFalse();

    AtomicInteger calls = new AtomicInteger();
    Object proxy = proxyOf(type, countingTarget(type, calls));
    Method greet = type.getDeclaredMethod("greet", String.class);
    greet.setAccessible(true); // the test's own reflective call; the unnamed module is open

    assertThat(greet.invoke(proxy, "bob")).isEqualTo("greet bob");
    assertThat(greet.invoke(proxy, "bob")).isEqualTo("greet bob");
    assertThat(calls).hasValue(1);
  }

  @Test
  void interfacesOfTheTestCodeItself() {
    AtomicInteger calls = new AtomicInteger();
    MemoizerFixtureHiddenGreeter hidden =
        proxyOf(MemoizerFixtureHiddenGreeter.class, countingTarget(MemoizerFixtureHiddenGreeter.class, calls));
    hidden.greet("x");
    hidden.greet("x");
    MemoizerFixtureGreeter open =
        proxyOf(MemoizerFixtureGreeter.class, countingTarget(MemoizerFixtureGreeter.class, calls));
    open.greet("x");
    open.greet("x");
    assertThat(calls).hasValue(2);
  }
}
