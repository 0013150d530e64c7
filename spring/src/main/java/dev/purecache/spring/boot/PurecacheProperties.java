package dev.purecache.spring.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code purecache.*} properties of the Spring Boot auto-configuration.
 *
 * <pre>
 * purecache.spec=policy=lru_ttl,capacity=10000,ttl=5m,stats   # every cache not named below
 * purecache.cache-names=products,users                         # fixed set; empty = on first use
 * purecache.caches.products.spec=capacity=500,ttl=1m,stats      # one cache's own spec
 * purecache.allow-null-values=true
 * </pre>
 */
@ConfigurationProperties("purecache")
public class PurecacheProperties {
  private String spec;
  private List<String> cacheNames = new ArrayList<>();
  private boolean allowNullValues = true;
  private Map<String, CacheProperties> caches = new LinkedHashMap<>();

  /** Creates the properties with their defaults. */
  public PurecacheProperties() {}

  /**
   * Returns the default spec of the caches (see {@link dev.purecache.spring.PurecacheSpec}), or
   * {@code null} for {@code capacity=10000}.
   *
   * @return the default spec, or {@code null}
   */
  public String getSpec() {
    return spec;
  }

  /**
   * Sets the default spec of the caches.
   *
   * @param spec the spec, or {@code null}
   */
  public void setSpec(String spec) {
    this.spec = spec;
  }

  /**
   * Returns the fixed cache names; empty means caches are created on first use.
   *
   * @return the names
   */
  public List<String> getCacheNames() {
    return cacheNames;
  }

  /**
   * Sets the fixed cache names.
   *
   * @param cacheNames the names; empty for caches created on first use
   */
  public void setCacheNames(List<String> cacheNames) {
    this.cacheNames = cacheNames;
  }

  /**
   * Returns whether {@code null} values are cached (default {@code true}).
   *
   * @return the setting
   */
  public boolean isAllowNullValues() {
    return allowNullValues;
  }

  /**
   * Sets whether {@code null} values are cached.
   *
   * @param allowNullValues the setting
   */
  public void setAllowNullValues(boolean allowNullValues) {
    this.allowNullValues = allowNullValues;
  }

  /**
   * Returns the settings of single caches by name ({@code purecache.caches.<name>.*}).
   *
   * @return the settings by cache name
   */
  public Map<String, CacheProperties> getCaches() {
    return caches;
  }

  /**
   * Sets the settings of single caches by name.
   *
   * @param caches the settings by cache name
   */
  public void setCaches(Map<String, CacheProperties> caches) {
    this.caches = caches;
  }

  /** The settings of one cache ({@code purecache.caches.<name>.*}). */
  public static class CacheProperties {
    private String spec;

    /** Creates empty settings. */
    public CacheProperties() {}

    /**
     * Returns this cache's spec, or {@code null} to use the default spec.
     *
     * @return the spec, or {@code null}
     */
    public String getSpec() {
      return spec;
    }

    /**
     * Sets this cache's spec.
     *
     * @param spec the spec
     */
    public void setSpec(String spec) {
      this.spec = spec;
    }
  }
}
