package dev.purecache.jcache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import javax.cache.CacheException;

/**
 * Copies keys and values for store-by-value caches with Java serialization, resolving classes
 * with the cache manager's class loader. Instances of well-known immutable JDK types are shared,
 * not copied.
 */
final class Copier {
  private static final Set<Class<?>> IMMUTABLE =
      Set.of(
          String.class, Integer.class, Long.class, Short.class, Byte.class, Character.class,
          Boolean.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
          Class.class);

  private final ClassLoader classLoader;

  Copier(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  @SuppressWarnings("unchecked")
  <T> T copy(T object) {
    if (object == null || IMMUTABLE.contains(object.getClass()) || object instanceof Enum<?>) {
      return object;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "store-by-value needs a serializable object: " + object.getClass().getName(), e);
    }
    try (ObjectInputStream in = new LoaderObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray()), classLoader)) {
      return (T) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new CacheException("could not copy a " + object.getClass().getName(), e);
    }
  }

  /** Resolves classes with a given loader first. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
