package dev.purecache.examples.helidon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.examples.catalog.CatalogSettings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the Helidon example's settings come from: the process first, then Helidon config. */
class HelidonSettingsTest {
  private static final String MISS_TTL = "catalog.cache.miss-ttl";

  private final Config config =
      Config.just(ConfigSources.create(Map.of(MISS_TTL, "5s", "catalog.cache.capacity", "300")));

  @AfterEach
  void clearProperty() {
    System.clearProperty(MISS_TTL);
  }

  @Test
  void readsHelidonConfigWhenTheProcessSetsNothing() {
    CatalogSettings settings = HelidonCatalog.settings(config);
    assertThat(settings.missTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.capacity()).isEqualTo(300);
  }

  @Test
  void aSystemPropertyOverridesAHyphenatedKeyOfHelidonConfig() {
    System.setProperty(MISS_TTL, "750ms");
    CatalogSettings settings = HelidonCatalog.settings(config);
    assertThat(settings.missTtl()).isEqualTo(Duration.ofMillis(750));
    assertThat(settings.capacity()).isEqualTo(300);
  }
}
