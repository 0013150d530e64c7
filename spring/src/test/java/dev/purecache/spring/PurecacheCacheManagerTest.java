package dev.purecache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.LoadingCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PurecacheCacheManagerTest {

  private static int sizeAfterPutting(org.springframework.cache.Cache cache, int entries) {
    for (int i = 0; i < entries; i++) {
      cache.put(i, "v" + i);
    }
    return ((PurecacheCache) cache).getNativeCache().size();
  }

  @Test
  void dynamicManagerCreatesCachesOnFirstUse() {
    PurecacheCacheManager manager = new PurecacheCacheManager();
    assertThat(manager.getCacheNames()).isEmpty();
    org.springframework.cache.Cache users = manager.getCache("users");
    assertThat(users).isInstanceOf(PurecacheCache.class);
    assertThat(users.getName()).isEqualTo("users");
    assertThat(manager.getCache("users")).isSameAs(users);
    assertThat(manager.getCacheNames()).containsExactly("users");
  }

  @Test
  void defaultSpecIsCapacity10000() {
    PurecacheCacheManager manager = new PurecacheCacheManager();
    Cache<Object, Object> reference = CacheBuilder.newBuilder().capacity(10_000).build();
    for (int i = 0; i < 20_000; i++) {
      reference.put(i, "v" + i);
    }
    assertThat(sizeAfterPutting(manager.getCache("c"), 20_000))
        .isEqualTo(reference.size())
        .isLessThanOrEqualTo(10_000);
  }

  @Test
  void fixedManagerCreatesItsCachesAtOnceAndNoOthers() {
    PurecacheCacheManager manager = new PurecacheCacheManager("a", "b");
    assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("a", "b");
    assertThat(manager.getCache("a")).isNotNull();
    assertThat(manager.getCache("c")).isNull();
    manager.setCacheNames(null);
    assertThat(manager.getCache("c")).isNotNull();
  }

  @Test
  void defaultSpecAppliesToEveryUnregisteredCache() {
    PurecacheCacheManager manager = new PurecacheCacheManager();
    manager.setCacheSpecification("policy=lru,capacity=3");
    assertThat(sizeAfterPutting(manager.getCache("x"), 10)).isEqualTo(3);
  }

  @Test
  void changingTheDefaultRebuildsCachesBuiltFromIt() {
    PurecacheCacheManager manager = new PurecacheCacheManager("a");
    manager.getCache("a").put("k", "v");
    manager.setCacheSpecification("capacity=2");
    assertThat(manager.getCache("a").get("k")).isNull();
    assertThat(sizeAfterPutting(manager.getCache("a"), 5)).isEqualTo(2);
  }

  @Test
  void perCacheSpecBuilderAndCustomCacheWinOverTheDefault() {
    PurecacheCacheManager manager = new PurecacheCacheManager();
    manager.setCacheSpecification("capacity=100");
    manager.registerCacheSpecification("small", "capacity=2");
    manager.registerCacheBuilder("tiny", CacheBuilder.newBuilder().capacity(1));
    Cache<Object, Object> own = CacheBuilder.newBuilder().capacity(4).build();
    own.put("pre", "loaded");
    manager.registerCustomCache("own", own);

    assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("small", "tiny", "own");
    assertThat(sizeAfterPutting(manager.getCache("small"), 10)).isEqualTo(2);
    assertThat(sizeAfterPutting(manager.getCache("tiny"), 10)).isEqualTo(1);
    assertThat(manager.getCache("own").get("pre").get()).isEqualTo("loaded");
    assertThat(((PurecacheCache) manager.getCache("own")).getNativeCache()).isSameAs(own);
    assertThat(sizeAfterPutting(manager.getCache("other"), 200)).isEqualTo(100);

    manager.setCacheSpecification("capacity=50");
    assertThat(manager.getCache("own").get("pre")).isNotNull();
    assertThat(sizeAfterPutting(manager.getCache("small"), 10)).isEqualTo(2);
  }

  @Test
  void registeredNamesJoinAFixedSet() {
    PurecacheCacheManager manager = new PurecacheCacheManager("a");
    manager.registerCacheSpecification("b", "capacity=5");
    assertThat(manager.getCache("b")).isNotNull();
    assertThat(manager.getCache("c")).isNull();
  }

  @Test
  void allowNullValuesReachesEveryCache() {
    PurecacheCacheManager manager = new PurecacheCacheManager();
    org.springframework.cache.Cache before = manager.getCache("a");
    assertThat(((PurecacheCache) before).isAllowNullValues()).isTrue();
    manager.setAllowNullValues(false);
    assertThat(((PurecacheCache) manager.getCache("a")).isAllowNullValues()).isFalse();
    assertThat(((PurecacheCache) manager.getCache("b")).isAllowNullValues()).isFalse();
  }

  @Test
  void badSpecsNameTheBadPart() {
    PurecacheCacheManager manager = new PurecacheCacheManager();
    assertThatThrownBy(() -> manager.setCacheSpecification("capacity=1O"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("purecache spec 'capacity=1O': 'capacity=1O' is not a whole number");
    assertThatThrownBy(() -> manager.registerCacheSpecification("x", "policy=lru,ttl=5m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("purecache spec 'policy=lru,ttl=5m': ")
        .hasMessageContaining("ttl");
    assertThatThrownBy(() -> manager.registerCacheSpecification("x", "policy=lru"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
    assertThat(manager.getCacheNames()).isEmpty();
  }

  @Test
  void creationListenersSeeEveryNewCache() {
    PurecacheCacheManager manager = new PurecacheCacheManager();
    List<String> created = new ArrayList<>();
    manager.addCacheCreationListener(cache -> created.add(cache.getName()));
    manager.getCache("a");
    manager.getCache("a");
    manager.registerCacheSpecification("b", "capacity=3");
    manager.setCacheNames(Set.of("c"));
    assertThat(created).containsExactly("a", "b", "c");
    created.clear();
    manager.setAllowNullValues(false);
    assertThat(created).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void theDefaultLoaderLoadsEveryCacheWithoutALoaderOfItsOwn() {
    PurecacheCacheManager manager = new PurecacheCacheManager();
    manager.getCache("early").put("k", "v");
    Cache<Object, Object> own = CacheBuilder.newBuilder().capacity(4).build();
    manager.registerCustomCache("own", own);
    manager.registerCacheLoader("named", key -> "named " + key);
    manager.registerCacheBuilder("small", CacheBuilder.newBuilder().capacity(2));

    manager.setCacheLoader(key -> "default " + key);
    assertThat(manager.getCache("early").get("k").get()).as("rebuilt, empty").isEqualTo("default k");
    assertThat(manager.getCache("late").get(1).get()).isEqualTo("default 1");
    assertThat(manager.getCache("small").get(1).get()).isEqualTo("default 1");
    assertThat(sizeAfterPutting(manager.getCache("small"), 5)).as("its own builder").isEqualTo(2);
    assertThat(manager.getCache("named").get(1).get()).isEqualTo("named 1");
    assertThat(manager.getCache("own").get(1)).as("custom caches keep no loader").isNull();
    assertThat(((PurecacheCache) manager.getCache("own")).getNativeCache()).isSameAs(own);

    manager.setCacheLoader(null);
    assertThat(manager.getCache("late").get(1)).isNull();
    assertThat(manager.getCache("named").get(1).get()).isEqualTo("named 1");
  }

  @Test
  void aNamesLoaderAndBuilderAreCombinedAndACustomCacheReplacesBoth() {
    PurecacheCacheManager manager = new PurecacheCacheManager("fixed");
    manager.registerCacheLoader("users", key -> "user " + key);
    manager.registerCacheSpecification("users", "policy=lru,capacity=3");
    org.springframework.cache.Cache users = manager.getCache("users");
    assertThat(((PurecacheCache) users).getNativeCache()).isInstanceOf(LoadingCache.class);
    assertThat(users.get(7).get()).isEqualTo("user 7");
    assertThat(sizeAfterPutting(users, 10)).isEqualTo(3);
    assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("fixed", "users");

    LoadingCache<Object, Object> own = CacheBuilder.newBuilder().capacity(5).build(key -> "own " + key);
    manager.registerCustomCache("users", own);
    assertThat(((PurecacheCache) manager.getCache("users")).getNativeCache()).isSameAs(own);
    assertThat(manager.getCache("users").get(7).get()).isEqualTo("own 7");
    manager.setCacheLoader(key -> "default " + key);
    manager.setCacheSpecification("capacity=2");
    assertThat(((PurecacheCache) manager.getCache("users")).getNativeCache()).isSameAs(own);
  }

  @Test
  void nullsThrowNamingTheArgument() {
    PurecacheCacheManager manager = new PurecacheCacheManager();
    assertThatThrownBy(() -> manager.getCache(null)).hasMessage("name");
    assertThatThrownBy(() -> manager.registerCustomCache("a", null)).hasMessage("cache");
    assertThatThrownBy(() -> manager.setCacheBuilder(null)).hasMessage("builder");
    assertThatThrownBy(() -> manager.registerCacheLoader("a", null)).hasMessage("loader");
    assertThatThrownBy(() -> manager.registerCacheLoader(null, k -> k)).hasMessage("name");
  }
}
