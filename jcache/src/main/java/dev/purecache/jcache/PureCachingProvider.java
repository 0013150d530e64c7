package dev.purecache.jcache;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The JCache {@link CachingProvider} of purecache, found by {@code Caching.getCachingProvider()}
 * through {@code META-INF/services/javax.cache.spi.CachingProvider}. Keeps one {@link
 * PureCacheManager} per class loader and URI.
 */
public final class PureCachingProvider implements CachingProvider {
  /** The default URI of this provider's cache managers. */
  public static final URI DEFAULT_URI = URI.create("purecache://default");

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<ClassLoader, Map<URI, PureCacheManager>> managers = new WeakHashMap<>();

  /** Creates the provider (normally done by {@code Caching}). */
  public PureCachingProvider() {}

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI u = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties props = properties == null ? new Properties() : properties;
    lock.lock();
    try {
      Map<URI, PureCacheManager> byUri = managers.computeIfAbsent(loader, l -> new java.util.HashMap<>());
      PureCacheManager manager = byUri.get(u);
      if (manager == null || manager.isClosed()) {
        manager = new PureCacheManager(this, u, loader, props);
        byUri.put(u, manager);
      }
      return manager;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : PureCachingProvider.class.getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      for (Map<URI, PureCacheManager> byUri : managers.values()) {
        for (PureCacheManager manager : byUri.values().toArray(new PureCacheManager[0])) {
          manager.close();
        }
      }
      managers.clear();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    lock.lock();
    try {
      Map<URI, PureCacheManager> byUri = managers.remove(loader);
      if (byUri != null) {
        for (PureCacheManager manager : byUri.values().toArray(new PureCacheManager[0])) {
          manager.close();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI u = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    lock.lock();
    try {
      Map<URI, PureCacheManager> byUri = managers.get(loader);
      if (byUri != null) {
        PureCacheManager manager = byUri.remove(u);
        if (manager != null) {
          manager.close();
        }
        if (byUri.isEmpty()) {
          managers.remove(loader);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Forgets a manager that was closed directly. */
  void released(PureCacheManager manager) {
    lock.lock();
    try {
      Map<URI, PureCacheManager> byUri = managers.get(manager.getClassLoader());
      if (byUri != null && byUri.get(manager.getURI()) == manager) {
        byUri.remove(manager.getURI());
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return optionalFeature == OptionalFeature.STORE_BY_REFERENCE;
  }
}
