package dev.purecache.memo;

import dev.purecache.Ticker;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The invocation handler of a memoizing proxy: routes each call of the interface to the method's
 * {@link MemoizedMethod} (annotated methods) or straight to the target (all others, default
 * methods included), and answers {@code equals}, {@code hashCode} and {@code toString} itself.
 *
 * <p>Everything is decided when the proxy is made, so a bad annotation or an interface that this
 * module cannot call fails then, not on the first call. The routing tables are immutable after
 * construction; calls take no lock here.
 *
 * <p>The route of a call is looked up by the {@link Method} the proxy passes, which equals one of
 * the interface's {@link Class#getMethods()}; as a safety net for declarations the proxy merged
 * (one signature inherited from several interfaces), the lookup falls back to name and
 * parameter types, under which every declaration of one signature shares a route.
 */
final class MemoizingHandler implements InvocationHandler {
  private final Class<?> type;
  private final Object target;
  /** Each method of the interface: its MemoizedMethod, or the Method to call on the target. */
  private final Map<Method, Object> routes;

  private final Map<Signature, Object> routesBySignature;
  private final Map<Signature, MemoizedMethod> memoized;

  /** A method's name and parameter types: what the proxy dispatches on. */
  private record Signature(String name, List<Class<?>> parameterTypes) {
    static Signature of(Method method) {
      return new Signature(method.getName(), List.of(method.getParameterTypes()));
    }
  }

  private MemoizingHandler(
      Class<?> type,
      Object target,
      Map<Method, Object> routes,
      Map<Signature, Object> routesBySignature,
      Map<Signature, MemoizedMethod> memoized) {
    this.type = type;
    this.target = target;
    this.routes = routes;
    this.routesBySignature = routesBySignature;
    this.memoized = memoized;
  }

  /**
   * Checks every method of {@code type}, builds the cache of each {@link Memoized} one, and
   * returns the handler; throws {@link IllegalArgumentException} naming the first method at fault.
   */
  static MemoizingHandler create(Class<?> type, Object target, Ticker ticker) {
    Map<Signature, List<Method>> groups = new LinkedHashMap<>();
    for (Method method : type.getMethods()) {
      Memoized annotation = method.getAnnotation(Memoized.class);
      if (Modifier.isStatic(method.getModifiers())) {
        if (annotation != null) {
          throw rejected(method, "a static method is never called through a proxy");
        }
        continue;
      }
      if (isObjectMethod(method)) {
        if (annotation != null) {
          throw rejected(method, "equals, hashCode and toString are never memoized");
        }
        continue;
      }
      if (method.isDefault() && annotation != null) {
        throw rejected(
            method,
            "a default method is not memoized (it runs as on the target); annotate the"
                + " abstract method it calls and call that through the proxy");
      }
      groups.computeIfAbsent(Signature.of(method), s -> new ArrayList<>()).add(method);
    }
    Map<Method, Object> routes = new HashMap<>();
    Map<Signature, Object> routesBySignature = new HashMap<>();
    Map<Signature, MemoizedMethod> memoized = new LinkedHashMap<>();
    for (Map.Entry<Signature, List<Method>> group : groups.entrySet()) {
      List<Method> declarations = group.getValue();
      Method callable = declarations.get(0);
      makeCallable(callable, target);
      Object route = callable;
      Method annotated = annotatedDeclaration(declarations);
      if (annotated != null) {
        MemoizedSettings settings =
            MemoizedSettings.of(annotated, annotated.getAnnotation(Memoized.class));
        MemoizedMethod method =
            new MemoizedMethod(callable, settings, settings.newCache(ticker), target);
        memoized.put(group.getKey(), method);
        route = method;
      }
      routesBySignature.put(group.getKey(), route);
      for (Method declaration : declarations) {
        routes.put(declaration, route);
      }
    }
    if (memoized.isEmpty()) {
      throw new IllegalArgumentException(
          type.getTypeName()
              + " has no @Memoized method: annotate methods of the interface (annotations on"
              + " the implementing class are not read)");
    }
    return new MemoizingHandler(
        type, target, Map.copyOf(routes), Map.copyOf(routesBySignature), memoized);
  }

  /** The annotated declaration of one signature, or null; all annotated ones must agree. */
  private static Method annotatedDeclaration(List<Method> declarations) {
    Method annotated = null;
    for (Method declaration : declarations) {
      Memoized annotation = declaration.getAnnotation(Memoized.class);
      if (annotation == null) {
        continue;
      }
      if (annotated != null && !annotated.getAnnotation(Memoized.class).equals(annotation)) {
        throw rejected(
            declaration,
            "it differs from the @Memoized on " + MemoizedSettings.describe(annotated));
      }
      annotated = annotated == null ? declaration : annotated;
    }
    return annotated;
  }

  private static boolean isObjectMethod(Method method) {
    return switch (method.getName()) {
      case "equals" ->
          method.getParameterCount() == 1 && method.getParameterTypes()[0] == Object.class;
      case "hashCode", "toString" -> method.getParameterCount() == 0;
      default -> false;
    };
  }

  private static void makeCallable(Method method, Object target) {
    if (!method.canAccess(target) && !method.trySetAccessible()) {
      Class<?> declaring = method.getDeclaringClass();
      throw new IllegalArgumentException(
          "module "
              + MemoizingHandler.class.getModule().getName()
              + " cannot call "
              + MemoizedSettings.describe(method)
              + ": "
              + (Modifier.isPublic(declaring.getModifiers()) ? "export" : "open")
              + " package "
              + declaring.getPackageName()
              + " of "
              + declaring.getModule()
              + " to it");
    }
  }

  private static IllegalArgumentException rejected(Method method, String reason) {
    return new IllegalArgumentException(
        "@Memoized on " + MemoizedSettings.describe(method) + ": " + reason);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Object route = routes.get(method);
    if (route == null) {
      if (method.getDeclaringClass() == Object.class) {
        return objectMethod(proxy, method, args);
      }
      route = routesBySignature.get(Signature.of(method));
      if (route == null) {
        throw new IllegalStateException("no route for " + method + " in a proxy of " + type);
      }
    }
    if (route instanceof MemoizedMethod memoizedMethod) {
      return memoizedMethod.invoke(args);
    }
    return MemoizedMethod.call((Method) route, target, args);
  }

  /** equals is identity, hashCode the identity hash, toString the target's (never memoized). */
  private Object objectMethod(Object proxy, Method method, Object[] args) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      case "toString" -> String.valueOf(target);
      default -> throw new IllegalStateException("unexpected Object method " + method);
    };
  }

  /** Returns the handle of the memoized method with this signature. */
  MemoizedMethod memoizedMethod(String name, Class<?>... parameterTypes) {
    MemoizedMethod method = memoized.get(new Signature(name, List.of(parameterTypes)));
    if (method == null) {
      throw new IllegalArgumentException(
          "no @Memoized method "
              + name
              + List.of(parameterTypes).stream()
                  .map(Class::getTypeName)
                  .collect(java.util.stream.Collectors.joining(", ", "(", ")"))
              + " in "
              + type.getTypeName()
              + "; memoized: "
              + memoized.values());
    }
    return method;
  }
}
