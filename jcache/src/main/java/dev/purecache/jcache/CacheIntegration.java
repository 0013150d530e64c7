package dev.purecache.jcache;

import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * The {@link CacheLoader} and {@link CacheWriter} of one cache, used as JSR-107 says.
 *
 * <ul>
 *   <li>Read-through uses the loader only if the cache is configured for it ({@link
 *       #readsThrough}); {@code Cache.loadAll} uses it whenever there is one ({@link #hasLoader}).
 *   <li>Every writer call is a no-op unless the cache writes through ({@link #writesThrough}).
 *   <li>What the loader or the writer throws reaches the caller as a {@link CacheLoaderException}
 *       or a {@link CacheWriterException} (as it is if it already is one).
 *   <li>A bulk write that fails leaves in the collection it was given the entries (or keys) it
 *       did not write, and returns the failure for the caller to throw once it has applied the
 *       rest.
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class CacheIntegration<K, V> {
  private final CacheLoader<K, V> loader;
  private final CacheWriter<K, V> writer;
  private final boolean readThrough;
  private final boolean writeThrough;

  /** The loader and writer that {@code config}'s factories make, if it has them. */
  @SuppressWarnings("unchecked")
  CacheIntegration(CompleteConfiguration<K, V> config) {
    this.loader =
        config.getCacheLoaderFactory() == null ? null : config.getCacheLoaderFactory().create();
    this.writer =
        config.getCacheWriterFactory() == null
            ? null
            : (CacheWriter<K, V>) config.getCacheWriterFactory().create();
    this.readThrough = config.isReadThrough();
    this.writeThrough = config.isWriteThrough();
  }

  boolean hasLoader() {
    return loader != null;
  }

  boolean readsThrough() {
    return loader != null && readThrough;
  }

  boolean writesThrough() {
    return writer != null && writeThrough;
  }

  /** Loads the value of {@code key}; null if the loader has none. */
  V load(K key) {
    return loading("the loader failed for key " + key, () -> loader.load(key));
  }

  /** Loads the values of {@code keys}; null or a map without some keys if it has none. */
  Map<K, V> loadAll(Iterable<? extends K> keys) {
    return loading("the loader failed", () -> loader.loadAll(keys));
  }

  /** Writes {@code key}'s new value through. */
  void write(K key, V value) {
    writing(
        "the writer failed for key " + key,
        w -> w.write(new PureJCache.CacheEntry<>(key, value)));
  }

  /** Deletes {@code key} through. */
  void delete(Object key) {
    writing("the writer failed to delete key " + key, w -> w.delete(key));
  }

  /**
   * Writes {@code pending} through; if the writer fails, {@code pending} keeps the entries it did
   * not write.
   *
   * @return the failure, or null if every entry was written
   */
  CacheWriterException writeAll(Collection<Cache.Entry<? extends K, ? extends V>> pending) {
    return bulkWriting(() -> writer.writeAll(pending));
  }

  /**
   * Deletes {@code pending} through; if the writer fails, {@code pending} keeps the keys it did
   * not delete.
   *
   * @return the failure, or null if every key was deleted
   */
  CacheWriterException deleteAll(Collection<?> pending) {
    return bulkWriting(() -> writer.deleteAll(pending));
  }

  /** Closes the loader and the writer if they are {@link java.io.Closeable}. */
  void close() {
    PureJCache.closeQuietly(loader);
    PureJCache.closeQuietly(writer);
  }

  private static <T> T loading(String failure, Supplier<T> call) {
    try {
      return call.get();
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException(failure, e);
    }
  }

  private void writing(String failure, Consumer<CacheWriter<K, V>> call) {
    if (!writesThrough()) {
      return;
    }
    try {
      call.accept(writer);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException(failure, e);
    }
  }

  private CacheWriterException bulkWriting(Runnable call) {
    if (!writesThrough()) {
      return null;
    }
    try {
      call.run();
      return null;
    } catch (CacheWriterException e) {
      return e;
    } catch (RuntimeException e) {
      return new CacheWriterException("the writer failed", e);
    }
  }
}
