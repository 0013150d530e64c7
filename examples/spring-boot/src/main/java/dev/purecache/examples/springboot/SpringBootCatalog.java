package dev.purecache.examples.springboot;

import dev.purecache.examples.catalog.CatalogSettings;
import dev.purecache.examples.catalog.FaultInjectingRepository;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The catalog service as a Spring Boot web application: request handlers on virtual threads
 * ({@code spring.threads.virtual.enabled=true}), lookups memoized with {@code @Cacheable(sync =
 * true)} in a purecache cache that purecache-spring's auto-configuration provides.
 */
@SpringBootApplication
@EnableCaching
public class SpringBootCatalog {

  /** Creates the application configuration. */
  public SpringBootCatalog() {}

  /**
   * The slow repository of the catalog example ({@code catalog.repository.*} properties), behind
   * a wrapper that counts calls and that the tests use to inject failures.
   *
   * @param environment the Spring environment
   * @return the repository
   */
  @Bean
  public FaultInjectingRepository productRepository(Environment environment) {
    CatalogSettings settings =
        CatalogSettings.from(key -> Optional.ofNullable(environment.getProperty(key)));
    return new FaultInjectingRepository(settings.newRepository());
  }

  /**
   * Starts the server.
   *
   * @param args Spring Boot arguments, such as {@code --server.port=8090}
   */
  public static void main(String[] args) {
    SpringApplication.run(SpringBootCatalog.class, args);
  }
}
