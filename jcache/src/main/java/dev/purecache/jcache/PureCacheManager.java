package dev.purecache.jcache;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A JCache {@link CacheManager}: a named set of {@link PureJCache}s sharing a URI, a class loader
 * and properties. Its management and statistics MBeans are registered with the platform MBean
 * server under {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,
 * Cache=<name>}.
 */
public final class PureCacheManager implements CacheManager {
  private final PureCachingProvider provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final ConcurrentMap<String, PureJCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean closed;

  PureCacheManager(
      PureCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = classLoader;
    this.properties = properties;
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(
      String cacheName, C configuration) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    lock.lock();
    try {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("a cache named " + cacheName + " already exists");
      }
      PureJCache<K, V> cache = new PureJCache<>(this, cacheName, copyOf(configuration));
      caches.put(cacheName, cache);
      if (cache.configuration().isManagementEnabled()) {
        register(cache, MBean.CONFIGURATION, true);
      }
      if (cache.configuration().isStatisticsEnabled()) {
        register(cache, MBean.STATISTICS, true);
      }
      return cache;
    } finally {
      lock.unlock();
    }
  }

  private static <K, V> PureConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      return new PureConfiguration<>(complete);
    }
    PureConfiguration<K, V> copy = new PureConfiguration<>();
    copy.setTypes(configuration.getKeyType(), configuration.getValueType());
    copy.setStoreByValue(configuration.isStoreByValue());
    return copy;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    PureJCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      return null;
    }
    var config = cache.configuration();
    if (config.getKeyType() != keyType) {
      throw new ClassCastException(
          "cache " + cacheName + " has key type " + config.getKeyType().getName()
              + ", not " + keyType.getName());
    }
    if (config.getValueType() != valueType) {
      throw new ClassCastException(
          "cache " + cacheName + " has value type " + config.getValueType().getName()
              + ", not " + valueType.getName());
    }
    return (Cache<K, V>) cache;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    return (Cache<K, V>) caches.get(cacheName);
  }

  @Override
  public Iterable<String> getCacheNames() {
    checkOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    lock.lock();
    try {
      PureJCache<?, ?> cache = caches.get(cacheName);
      if (cache != null) {
        cache.clear();
        cache.close();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    PureJCache<?, ?> cache = cacheNamed(cacheName);
    if (cache != null) {
      cache.configuration().setManagementEnabled(enabled);
      register(cache, MBean.CONFIGURATION, enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    PureJCache<?, ?> cache = cacheNamed(cacheName);
    if (cache != null) {
      cache.configuration().setStatisticsEnabled(enabled);
      register(cache, MBean.STATISTICS, enabled);
    }
  }

  /** The cache named {@code cacheName}, or null; for a change of one of its flags. */
  private PureJCache<?, ?> cacheNamed(String cacheName) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    return caches.get(cacheName);
  }

  /** The two MBeans of a cache, each registered while its flag is set. */
  private enum MBean {
    CONFIGURATION("CacheConfiguration"),
    STATISTICS("CacheStatistics");

    /** The {@code type} of the bean's object name. */
    final String type;

    MBean(String type) {
      this.type = type;
    }

    Object of(PureJCache<?, ?> cache) {
      return switch (this) {
        case CONFIGURATION -> cache.mxBean();
        case STATISTICS -> cache.statistics();
      };
    }
  }

  /** Registers {@code bean} of {@code cache} with the platform MBean server, or unregisters it. */
  private void register(PureJCache<?, ?> cache, MBean bean, boolean registered) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      ObjectName name = objectName(cache, bean.type);
      if (registered) {
        if (!server.isRegistered(name)) {
          server.registerMBean(bean.of(cache), name);
        }
      } else if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException gone) {
      // unregistered concurrently: nothing to do
    } catch (Exception e) {
      throw new CacheException("could not (un)register the " + bean.type + " MBean", e);
    }
  }

  private ObjectName objectName(PureJCache<?, ?> cache, String type) throws Exception {
    return new ObjectName(
        "javax.cache:type=" + type + ",CacheManager=" + safe(uri.toString()) + ",Cache="
            + safe(cache.getName()));
  }

  private static String safe(String s) {
    return s == null ? "" : s.replaceAll(",|:|=|\n", ".");
  }

  /** Called by a cache when it closes: unregisters its MBeans and forgets it. */
  void released(PureJCache<?, ?> cache) {
    for (MBean bean : MBean.values()) {
      register(cache, bean, false);
    }
    caches.remove(cache.getName(), cache);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (PureJCache<?, ?> cache : caches.values().toArray(new PureJCache<?, ?>[0])) {
        cache.close();
      }
      caches.clear();
    } finally {
      lock.unlock();
    }
    provider.released(this);
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("cannot unwrap a cache manager to " + clazz.getName());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the cache manager " + uri + " is closed");
    }
  }
}
