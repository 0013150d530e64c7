package dev.purecache.jcache;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import org.junit.After;
import org.junit.Test;

/** Read-through: every path that stores a loaded value checks it against the value type. */
public class ReadThroughTest {
  private final CacheManager manager = Caching.getCachingProvider().getCacheManager();

  /** A loader of a {@code String} cache that returns an Integer, as a raw type lets it. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static final class IllTypedLoader implements CacheLoader, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object load(Object key) {
      return 42;
    }

    @Override
    public Map loadAll(Iterable keys) {
      Map loaded = new HashMap();
      for (Object key : keys) {
        loaded.put(key, 42);
      }
      return loaded;
    }
  }

  @After
  public void destroy() {
    for (String name : manager.getCacheNames()) {
      manager.destroyCache(name);
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private Cache<String, String> illTypedCache() {
    MutableConfiguration<String, String> config = new MutableConfiguration<>();
    config.setTypes(String.class, String.class).setReadThrough(true);
    config.setCacheLoaderFactory((Factory) FactoryBuilder.factoryOf(IllTypedLoader.class));
    return manager.createCache("illTyped", config);
  }

  @Test
  public void getRejectsALoadedValueOfTheWrongType() {
    Cache<String, String> cache = illTypedCache();
    try {
      cache.get("k");
      fail("an Integer was stored in a String cache");
    } catch (ClassCastException expected) {
      // the loaded value is not a String
    }
    assertFalse(cache.containsKey("k"));
  }

  @Test
  public void getAllRejectsALoadedValueOfTheWrongType() {
    Cache<String, String> cache = illTypedCache();
    try {
      cache.getAll(Set.of("k"));
      fail("an Integer was stored in a String cache");
    } catch (ClassCastException expected) {
      // the loaded value is not a String
    }
    assertFalse(cache.containsKey("k"));
  }

  @Test
  @SuppressWarnings("rawtypes")
  public void anEntryProcessorsLoadRejectsAValueOfTheWrongType() {
    Cache<String, String> cache = illTypedCache();
    // a raw entry, so that reading the Integer does not fail in the processor itself
    EntryProcessor<String, String, Object> read =
        (entry, args) -> ((MutableEntry) entry).getValue();
    try {
      cache.invoke("k", read);
      fail("an Integer was stored in a String cache");
    } catch (ClassCastException expected) {
      // the loaded value is not a String
    }
    assertFalse(cache.containsKey("k"));
  }
}
