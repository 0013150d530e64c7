package dev.purecache.examples.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.Policy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogSettingsTest {

  @Test
  void missingKeysTakeTheDefaults() {
    assertThat(CatalogSettings.from(key -> Optional.empty())).isEqualTo(CatalogSettings.DEFAULTS);
  }

  @Test
  void keysOverrideDefaults() {
    Map<String, String> values = Map.of(
        "catalog.cache.enabled", "false",
        "catalog.cache.backend", "lfu",
        "catalog.cache.capacity", "64",
        "catalog.cache.ttl", "PT2M",
        "catalog.cache.miss-ttl", "750ms",
        "catalog.repository.size", "20",
        "catalog.repository.min-latency", "1ms",
        "catalog.repository.max-latency", "2s");

    CatalogSettings settings = CatalogSettings.from(key -> Optional.ofNullable(values.get(key)));

    assertThat(settings).isEqualTo(new CatalogSettings(false, Policy.LFU, 64,
        Duration.ofMinutes(2), Duration.ofMillis(750), 20, Duration.ofMillis(1),
        Duration.ofSeconds(2)));
  }

  @Test
  void backendAcceptsDashes() {
    assertThat(CatalogSettings.from(key -> key.equals("catalog.cache.backend")
        ? Optional.of("lru-ttl") : Optional.empty()).backend()).isEqualTo(Policy.LRU_TTL);
  }

  @Test
  void durationsInShortAndIsoForm() {
    assertThat(CatalogSettings.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(CatalogSettings.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(CatalogSettings.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(CatalogSettings.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(CatalogSettings.parseDuration("PT0.5S")).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> CatalogSettings.parseDuration("5 parsecs"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 parsecs");
  }

  @Test
  void badValuesAreRejectedWithTheKey() {
    assertThatThrownBy(() -> CatalogSettings.from(key -> key.equals("catalog.cache.backend")
        ? Optional.of("fifo") : Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("catalog.cache.backend").hasMessageContaining("fifo");
    assertThatThrownBy(() -> CatalogSettings.from(key -> key.equals("catalog.cache.capacity")
        ? Optional.of("0") : Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("catalog.cache.capacity");
  }

  @Test
  void environmentNames() {
    assertThat(CatalogSettings.environmentName("catalog.cache.miss-ttl"))
        .isEqualTo("CATALOG_CACHE_MISS_TTL");
  }
}
