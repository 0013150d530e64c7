package dev.purecache.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.classfile.Annotation;
import java.lang.classfile.ClassFile;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Interfaces in other named modules: a module layer is built at run time holding the real module
 * {@code dev.purecache} (see {@link MemoizerTestLayer}) and a module with one generated interface,
 * {@code NAME.Greeter} with {@code @Memoized String greet(String)}, in a package that module
 * exports or keeps to itself.
 */
class MemoizerModuleLayerTest {

  /** A generated interface and the layer holding it next to its own dev.purecache. */
  private record Fixture(Class<?> type, MemoizerTestLayer layer) {
    Object proxyOf(Object target) throws Throwable {
      return layer.proxy(type, target);
    }
  }

  /** Builds a layer with module {@code name} holding {@code name.Greeter}. */
  private static Fixture greeterInModule(String name, boolean exported) throws Exception {
    String className = name + ".Greeter";
    byte[] bytes =
        ClassFile.of()
            .build(
                ClassDesc.of(className),
                cb ->
                    cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_INTERFACE | ClassFile.ACC_ABSTRACT)
                        .withMethod(
                            "greet",
                            MethodTypeDesc.of(ConstantDescs.CD_String, ConstantDescs.CD_String),
                            ClassFile.ACC_PUBLIC | ClassFile.ACC_ABSTRACT,
                            mb ->
                                mb.with(
                                    RuntimeVisibleAnnotationsAttribute.of(
                                        Annotation.of(ClassDesc.of(Memoized.class.getName()))))));
    ModuleDescriptor.Builder builder =
        ModuleDescriptor.newModule(name).requires("dev.purecache").packages(Set.of(name));
    if (exported) {
      builder.exports(name);
    }
    ModuleDescriptor descriptor = builder.build();
    String resource = className.replace('.', '/') + ".class";
    ModuleReference reference =
        new ModuleReference(descriptor, null) {
          @Override
          public ModuleReader open() {
            return new ModuleReader() {
              @Override
              public Optional<URI> find(String n) {
                return Optional.empty();
              }

              @Override
              public Optional<InputStream> open(String n) {
                return n.equals(resource)
                    ? Optional.of(new ByteArrayInputStream(bytes))
                    : Optional.empty();
              }

              @Override
              public Stream<String> list() {
                return Stream.of(resource);
              }

              @Override
              public void close() {}
            };
          }
        };
    ModuleFinder finder =
        new ModuleFinder() {
          @Override
          public Optional<ModuleReference> find(String n) {
            return n.equals(name) ? Optional.of(reference) : Optional.empty();
          }

          @Override
          public Set<ModuleReference> findAll() {
            return Set.of(reference);
          }
        };
    MemoizerTestLayer layer = MemoizerTestLayer.of(finder, Set.of(name));
    Class<?> type = layer.layer.findLoader(name).loadClass(className);
    assertThat(type.getModule().getName()).isEqualTo(name);
    assertThat(type.getModule().isExported(name)).isEqualTo(exported);
    assertThat(type.getMethod("greet", String.class).getAnnotations()).hasSize(1);
    return new Fixture(type, layer);
  }

  private static Object countingTarget(Class<?> type, AtomicInteger calls) {
    return Proxy.newProxyInstance(
        type.getClassLoader(),
        new Class<?>[] {type},
        (proxy, method, args) -> {
          calls.incrementAndGet();
          return "hello " + args[0];
        });
  }

  @Test
  void interfaceInAnExportedPackageOfAnotherNamedModule() throws Throwable {
    Fixture fixture = greeterInModule("memo.fixture.exported", true);
    Class<?> type = fixture.type();
    AtomicInteger calls = new AtomicInteger();
    Object proxy = fixture.proxyOf(countingTarget(type, calls));
    Method greet = type.getMethod("greet", String.class);
    assertThat(greet.invoke(proxy, "ada")).isEqualTo("hello ada");
    assertThat(greet.invoke(proxy, "ada")).isEqualTo("hello ada");
    assertThat(calls).hasValue(1);
  }

  @Test
  void interfaceInAPackageTheModuleKeepsToItselfIsRejectedWhenTheProxyIsMade() throws Throwable {
    Fixture fixture = greeterInModule("memo.fixture.concealed", false);
    Object target = countingTarget(fixture.type(), new AtomicInteger());
    assertThatThrownBy(() -> fixture.proxyOf(target))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "module dev.purecache cannot call memo.fixture.concealed.Greeter.greet(java.lang.String)")
        .hasMessageContaining("export package memo.fixture.concealed");
  }
}
