package dev.purecache.memo;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad declarations fail when the proxy is made, with a message naming the method. */
class MemoizerAnnotationTest {

  private static <T> void assertRejected(Class<T> type, String... messageParts) {
    T target = type.cast(java.lang.reflect.Proxy.newProxyInstance(
        type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> null));
    var assertion =
        assertThatThrownBy(() -> Memoizer.proxy(type, target))
            .isInstanceOf(IllegalArgumentException.class);
    for (String part : messageParts) {
      assertion.hasMessageContaining(part);
    }
  }

  interface VoidMethod {
    @Memoized
    void store(String key);
  }

  @Test
  void voidMethodIsRejected() {
    assertRejected(VoidMethod.class, "VoidMethod.store(java.lang.String)", "void");
  }

  interface ZeroCapacity {
    @Memoized(capacity = 0)
    String load(int id);
  }

  interface NegativeCapacity {
    @Memoized(capacity = -5)
    String load(int id);
  }

  @Test
  void capacityBelowOneIsRejected() {
    assertRejected(ZeroCapacity.class, "ZeroCapacity.load(int)", "capacity must be >= 1, was 0");
    assertRejected(NegativeCapacity.class, "NegativeCapacity.load(int)", "was -5");
  }

  interface UnparsableTtl {
    @Memoized(policy = Policy.LRU_TTL, capacity = 10, ttl = "5 minutes")
    String load(int id);
  }

  interface ZeroTtl {
    @Memoized(policy = Policy.TTL, ttl = "PT0S")
    String load(int id);
  }

  interface NegativeTtl {
    @Memoized(policy = Policy.LRU_TTL, ttl = "-PT1S")
    String load(int id);
  }

  @Test
  void badTtlIsRejected() {
    assertRejected(
        UnparsableTtl.class,
        "UnparsableTtl.load(int)",
        "ttl \"5 minutes\" is not an ISO-8601 duration such as \"PT5M\"");
    assertRejected(ZeroTtl.class, "ZeroTtl.load(int)", "ttl must be positive, was \"PT0S\"");
    assertRejected(NegativeTtl.class, "NegativeTtl.load(int)", "ttl must be positive, was \"-PT1S\"");
  }

  interface LruWithTtl {
    @Memoized(policy = Policy.LRU, ttl = "PT1M")
    String load(int id);
  }

  interface LfuWithTtl {
    @Memoized(policy = Policy.LFU, ttl = "PT1M")
    String load(int id);
  }

  interface TtlWithoutTtl {
    @Memoized(policy = Policy.TTL)
    String load(int id);
  }

  interface LruTtlWithoutTtl {
    @Memoized(policy = Policy.LRU_TTL)
    String load(int id);
  }

  @Test
  void policyAndTtlMustAgree() {
    assertRejected(LruWithTtl.class, "LruWithTtl.load(int)", "policy LRU takes no ttl");
    assertRejected(LfuWithTtl.class, "LfuWithTtl.load(int)", "policy LFU takes no ttl");
    assertRejected(TtlWithoutTtl.class, "TtlWithoutTtl.load(int)", "policy TTL needs a ttl");
    assertRejected(
        LruTtlWithoutTtl.class, "LruTtlWithoutTtl.load(int)", "policy LRU_TTL needs a ttl");
  }

  interface MemoizedDefault {
    @Memoized
    default String load(int id) {
      return "x";
    }

    @Memoized
    String other(int id);
  }

  interface MemoizedToString {
    @Memoized
    @Override
    String toString();

    @Memoized
    String other(int id);
  }

  interface MemoizedStatic {
    @Memoized
    static String load(int id) {
      return "x";
    }

    @Memoized
    String other(int id);
  }

  @Test
  void defaultObjectAndStaticMethodsCannotBeMemoized() {
    assertRejected(MemoizedDefault.class, "MemoizedDefault.load(int)", "a default method is not memoized");
    assertRejected(
        MemoizedToString.class,
        "MemoizedToString.toString()",
        "equals, hashCode and toString are never memoized");
    assertRejected(MemoizedStatic.class, "MemoizedStatic.load(int)", "a static method");
  }

  interface NothingMemoized {
    String load(int id);
  }

  @Test
  void interfaceWithoutMemoizedMethodIsRejected() {
    assertRejected(NothingMemoized.class, "NothingMemoized has no @Memoized method");
  }

  interface First {
    @Memoized(capacity = 10)
    String load(int id);
  }

  interface Second {
    @Memoized(capacity = 20)
    String load(int id);
  }

  interface Both extends First, Second {}

  @Test
  void conflictingAnnotationsOfOneSignatureAreRejected() {
    assertRejected(Both.class, "load(int)", "differs from the @Memoized on");
  }

  static final class NotAnInterface {}

  @Test
  void typeAndTargetAreChecked() {
    assertThatThrownBy(() -> Memoizer.proxy(NotAnInterface.class, new NotAnInterface()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NotAnInterface is not an interface");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Object> raw = (Class) First.class;
    assertThatThrownBy(() -> Memoizer.proxy(raw, "not a First"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target java.lang.String does not implement")
        .hasMessageContaining("First");
    assertThatThrownBy(() -> Memoizer.proxy(First.class, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("target");
    assertThatThrownBy(() -> Memoizer.proxy(First.class, id -> "x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("ticker");
    assertThatThrownBy(() -> Memoizer.proxy(List.class, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.List has no @Memoized method");
  }
}
