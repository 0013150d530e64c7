package dev.purecache.spring;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.CacheLoader;
import dev.purecache.LoadingCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.springframework.cache.CacheManager;

/**
 * A Spring {@link CacheManager} whose caches are purecache caches ({@link PurecacheCache}).
 *
 * <p>A {@link Cache} registered for a name ({@link #registerCustomCache}) is used as it is.
 * Every other cache is built by the manager from two settings, each taken from the cache's name
 * if one is registered for it, else from the default:
 *
 * <ul>
 *   <li>its builder: {@link #registerCacheBuilder} or {@link #registerCacheSpecification} for the
 *       name, else {@link #setCacheBuilder} or {@link #setCacheSpecification} (without either,
 *       {@code capacity=10000});
 *   <li>its loader: {@link #registerCacheLoader} for the name, else {@link #setCacheLoader}, else
 *       none. A cache with a loader is a {@link LoadingCache}: a miss of {@link
 *       org.springframework.cache.Cache#get(Object)} loads the key (see {@link PurecacheCache}).
 * </ul>
 *
 * <p>The manager is <em>dynamic</em> by default: {@link #getCache} creates a cache for any name
 * on first use. After {@link #setCacheNames} it is <em>fixed</em>: those caches (and the ones
 * registered by name) are created at once, and {@link #getCache} returns {@code null} for other
 * names.
 *
 * <p>Changing a default (builder, spec or loader) rebuilds, empty, the existing caches that take
 * that setting from the default. Changing {@code allowNullValues} rebuilds every cache the manager
 * built; only those registered with {@link #registerCustomCache} keep their entries. Configure the
 * manager before it is used.
 *
 * <p>Thread-safe. {@link #getCache} takes no lock: two threads creating one cache at once both
 * build one, and one of them wins.
 */
public class PurecacheCacheManager implements CacheManager {
  /** The spec of a cache when no default is set. */
  public static final String DEFAULT_SPECIFICATION = "capacity=10000";

  private final Map<String, PurecacheCache> caches = new ConcurrentHashMap<>();
  private final Map<String, CacheBuilder<Object, Object>> builders = new ConcurrentHashMap<>();
  private final Map<String, CacheLoader<Object, Object>> loaders = new ConcurrentHashMap<>();
  private final Map<String, Cache<Object, Object>> customCaches = new ConcurrentHashMap<>();
  private final List<Consumer<? super PurecacheCache>> creationListeners =
      new CopyOnWriteArrayList<>();
  private volatile CacheBuilder<Object, Object> defaultBuilder =
      PurecacheSpec.parse(DEFAULT_SPECIFICATION).toBuilder();
  private volatile CacheLoader<Object, Object> defaultLoader;
  private volatile boolean dynamic = true;
  private volatile Set<String> fixedNames = Set.of();
  private volatile boolean allowNullValues = true;

  /** Creates a dynamic manager: caches are created on first use. */
  public PurecacheCacheManager() {}

  /**
   * Creates a manager with a fixed set of caches.
   *
   * @param cacheNames the names of its caches
   * @throws NullPointerException if a name is null
   */
  public PurecacheCacheManager(String... cacheNames) {
    fixCacheNames(Arrays.asList(cacheNames));
  }

  /**
   * Fixes the set of cache names and creates those caches now; {@code null} makes the manager
   * dynamic again. Caches registered by name stay available either way.
   *
   * @param cacheNames the names, or {@code null} for dynamic
   * @throws NullPointerException if a name is null
   */
  public void setCacheNames(Collection<String> cacheNames) {
    fixCacheNames(cacheNames);
  }

  private void fixCacheNames(Collection<String> cacheNames) {
    if (cacheNames == null) {
      dynamic = true;
      fixedNames = Set.of();
      return;
    }
    Set<String> names = new LinkedHashSet<>();
    for (String name : cacheNames) {
      names.add(Objects.requireNonNull(name, "cache name"));
    }
    fixedNames = Collections.unmodifiableSet(names);
    dynamic = false;
    for (String name : names) {
      if (!caches.containsKey(name)) {
        publish(name, createCache(name));
      }
    }
  }

  /**
   * Sets the default spec of the caches not registered by name, for example {@code
   * policy=lru_ttl,capacity=10000,ttl=5m,stats} (see {@link PurecacheSpec}).
   *
   * @param specification the spec
   * @throws NullPointerException if {@code specification} is null
   * @throws IllegalArgumentException if the spec is malformed or its settings do not fit together
   *     (the message names the bad part)
   */
  public void setCacheSpecification(String specification) {
    setCacheBuilder(validated(specification));
  }

  /**
   * Sets the default builder of the caches not registered by name. Its settings are read each
   * time a cache is built, so it must not be changed afterwards.
   *
   * @param builder the builder
   * @throws NullPointerException if {@code builder} is null
   */
  public void setCacheBuilder(CacheBuilder<Object, Object> builder) {
    this.defaultBuilder = Objects.requireNonNull(builder, "builder");
    rebuild(name -> !builders.containsKey(name));
  }

  /**
   * Sets the loader of every cache that has no loader registered for its name ({@link
   * #registerCacheLoader}) and is not a custom cache, making it a {@link LoadingCache}: a miss of
   * {@code get(key)} then loads the key with {@code loader} (single-flight) instead of returning
   * {@code null}. The caches concerned that exist now are rebuilt (empty).
   *
   * @param loader the loader, or {@code null} for none (the caches then miss as usual)
   * @throws IllegalStateException if a cache to rebuild has a builder that needs a loader ({@code
   *     refreshAfterWrite}) and {@code loader} is null
   */
  public void setCacheLoader(CacheLoader<Object, Object> loader) {
    this.defaultLoader = loader;
    rebuild(name -> !loaders.containsKey(name));
  }

  /**
   * Sets whether {@code null} values are cached (default: {@code true}); see {@link
   * PurecacheCache}.
   *
   * @param allowNullValues whether {@code null} values are cached
   */
  public void setAllowNullValues(boolean allowNullValues) {
    if (this.allowNullValues != allowNullValues) {
      this.allowNullValues = allowNullValues;
      rebuild(name -> true);
      customCaches.forEach((name, cache) -> publish(name, wrap(name, cache)));
    }
  }

  /**
   * Returns whether {@code null} values are cached.
   *
   * @return the {@code allowNullValues} setting
   */
  public boolean isAllowNullValues() {
    return allowNullValues;
  }

  /**
   * Builds the cache {@code name} from {@code specification} now, replacing any cache of that
   * name.
   *
   * @param name the cache name
   * @param specification its spec (see {@link PurecacheSpec})
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the spec is malformed or its settings do not fit together
   */
  public void registerCacheSpecification(String name, String specification) {
    Objects.requireNonNull(name, "name");
    registerCacheBuilder(name, validated(specification));
  }

  /**
   * Builds the cache {@code name} with {@code builder} now, replacing any cache of that name. Its
   * loader is the one registered for the name, else the default one, if any.
   *
   * @param name the cache name
   * @param builder its builder
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the builder's settings do not fit its policy, or it needs a
   *     loader ({@code refreshAfterWrite}) and the cache has none
   */
  public void registerCacheBuilder(String name, CacheBuilder<Object, Object> builder) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(builder, "builder");
    Cache<Object, Object> cache = build(builder, loaders.getOrDefault(name, defaultLoader));
    customCaches.remove(name);
    builders.put(name, builder);
    publish(name, wrap(name, cache));
  }

  /**
   * Builds the cache {@code name} with {@code loader} now, replacing any cache of that name: a
   * {@link LoadingCache} whose misses of {@code get(key)} load the key with {@code loader}. Its
   * builder is the one registered for the name, else the default one. {@link #setCacheLoader}
   * no longer applies to this name.
   *
   * @param name the cache name
   * @param loader its loader
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the cache's builder settings do not fit its policy
   */
  public void registerCacheLoader(String name, CacheLoader<Object, Object> loader) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(loader, "loader");
    Cache<Object, Object> cache = build(builders.getOrDefault(name, defaultBuilder), loader);
    customCaches.remove(name);
    loaders.put(name, loader);
    publish(name, wrap(name, cache));
  }

  /**
   * Registers {@code cache} under {@code name}, replacing any cache of that name and any builder,
   * spec or loader registered for it; the manager never rebuilds it, so it stays this very
   * instance ({@link PurecacheCache#getNativeCache()}). If it is a {@link LoadingCache}, its
   * loader serves the misses of {@code get(key)}.
   *
   * @param name the cache name
   * @param cache the cache
   * @throws NullPointerException if an argument is null
   */
  public void registerCustomCache(String name, Cache<Object, Object> cache) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cache, "cache");
    builders.remove(name);
    loaders.remove(name);
    customCaches.put(name, cache);
    publish(name, wrap(name, cache));
  }

  /**
   * Calls {@code listener} with every cache this manager creates from now on (first use of a
   * name, registration, rebuild). Spring Boot's auto-configuration uses it to bind caches created
   * after start-up to Micrometer. The listener runs on the thread creating the cache.
   *
   * @param listener the listener
   * @throws NullPointerException if {@code listener} is null
   */
  public void addCacheCreationListener(Consumer<? super PurecacheCache> listener) {
    creationListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Returns the cache {@code name}, creating it on first use if the manager is dynamic.
   *
   * @param name the cache name
   * @return the cache, or {@code null} if the manager is fixed and has no cache of that name
   * @throws NullPointerException if {@code name} is null
   */
  @Override
  public org.springframework.cache.Cache getCache(String name) {
    PurecacheCache cache = caches.get(Objects.requireNonNull(name, "name"));
    if (cache == null && dynamic) {
      PurecacheCache created = createCache(name);
      cache = caches.putIfAbsent(name, created);
      if (cache == null) {
        cache = created;
        notifyCreated(created);
      }
    }
    return cache;
  }

  /**
   * Returns the names of the caches that exist now (for a dynamic manager, the names used so
   * far).
   *
   * @return an unmodifiable snapshot of the names
   */
  @Override
  public Collection<String> getCacheNames() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  /**
   * Rebuilds (empty) every existing cache the manager built whose name {@code affected} accepts,
   * after a setting it was built from changed. Builds them all before publishing any.
   */
  private void rebuild(Predicate<String> affected) {
    List<PurecacheCache> rebuilt = new ArrayList<>();
    for (String name : caches.keySet()) {
      if (!customCaches.containsKey(name) && affected.test(name)) {
        rebuilt.add(createCache(name));
      }
    }
    for (PurecacheCache cache : rebuilt) {
      publish(cache.getName(), cache);
    }
  }

  private PurecacheCache createCache(String name) {
    Cache<Object, Object> custom = customCaches.get(name);
    if (custom != null) {
      return wrap(name, custom);
    }
    return wrap(
        name,
        build(builders.getOrDefault(name, defaultBuilder), loaders.getOrDefault(name, defaultLoader)));
  }

  private static Cache<Object, Object> build(
      CacheBuilder<Object, Object> builder, CacheLoader<Object, Object> loader) {
    return loader == null ? builder.build() : builder.build(loader);
  }

  private PurecacheCache wrap(String name, Cache<Object, Object> cache) {
    return new PurecacheCache(name, cache, allowNullValues);
  }

  private void publish(String name, PurecacheCache cache) {
    caches.put(name, cache);
    notifyCreated(cache);
  }

  private void notifyCreated(PurecacheCache cache) {
    for (Consumer<? super PurecacheCache> listener : creationListeners) {
      listener.accept(cache);
    }
  }

  private static CacheBuilder<Object, Object> validated(String specification) {
    CacheBuilder<Object, Object> builder = PurecacheSpec.parse(specification).toBuilder();
    try {
      builder.build();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "purecache spec '" + specification + "': " + e.getMessage(), e);
    }
    return builder;
  }
}
