package dev.purecache.jcache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.jcache.PureCachingProvider;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hibernate ORM's second-level cache backed by purecache through JCache: Hibernate's own {@code
 * hibernate-jcache} region factory, purecache's {@code CachingProvider}, H2 in memory.
 */
class SecondLevelCacheTest {
  private static final String REGION = Product.class.getName();

  private static StandardServiceRegistry registry;
  private static SessionFactory sessions;
  private static Statistics statistics;

  @BeforeAll
  static void start() {
    registry =
        new StandardServiceRegistryBuilder()
            .applySetting("hibernate.connection.url", "jdbc:h2:mem:catalog;DB_CLOSE_DELAY=-1")
            .applySetting("hibernate.connection.username", "sa")
            .applySetting("hibernate.hbm2ddl.auto", "create-drop")
            .applySetting("hibernate.cache.use_second_level_cache", "true")
            .applySetting("hibernate.cache.region.factory_class", "jcache")
            .applySetting("hibernate.javax.cache.provider", PureCachingProvider.class.getName())
            .applySetting("hibernate.javax.cache.missing_cache_strategy", "create")
            .applySetting("hibernate.generate_statistics", "true")
            .build();
    sessions =
        new MetadataSources(registry)
            .addAnnotatedClass(Product.class)
            .buildMetadata()
            .buildSessionFactory();
    statistics = sessions.getStatistics();
  }

  /** One product, stored through a session (so also put into the cache), and fresh statistics. */
  @BeforeEach
  void oneProduct() {
    sessions.getSchemaManager().truncateMappedObjects();
    sessions.getCache().evictAllRegions();
    sessions.inTransaction(session -> session.persist(new Product(1, "kettle")));
    statistics.clear();
  }

  @AfterAll
  static void stop() {
    sessions.close();
    StandardServiceRegistryBuilder.destroy(registry);
  }

  private CacheRegionStatistics region() {
    return statistics.getDomainDataRegionStatistics(REGION);
  }

  @Test
  void aSecondSessionsFindIsServedFromTheCacheWithoutSql() {
    assertThat(sessions.getCache().containsEntity(Product.class, 1L)).isTrue();

    Product found = sessions.fromSession(session -> session.find(Product.class, 1L));

    assertThat(found.name()).isEqualTo("kettle");
    assertThat(statistics.getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(statistics.getSecondLevelCacheMissCount()).isZero();
    assertThat(statistics.getPrepareStatementCount()).isZero();
    assertThat(region().getHitCount()).isEqualTo(1);
  }

  @Test
  void anUpdateThroughTheSessionUpdatesTheCachedEntry() {
    sessions.inTransaction(session -> session.find(Product.class, 1L).rename("teapot"));
    long statementsOfTheUpdate = statistics.getPrepareStatementCount();
    assertThat(statistics.getSecondLevelCachePutCount()).isEqualTo(1);

    Product found = sessions.fromSession(session -> session.find(Product.class, 1L));

    assertThat(found.name()).isEqualTo("teapot");
    assertThat(statistics.getSecondLevelCacheHitCount()).isEqualTo(2);
    assertThat(statistics.getSecondLevelCacheMissCount()).isZero();
    assertThat(statistics.getPrepareStatementCount()).isEqualTo(statementsOfTheUpdate);
  }

  @Test
  void aBulkUpdateEvictsTheRegionAndTheNextFindGoesToTheDatabase() {
    sessions.inTransaction(
        session ->
            session
                .createMutationQuery("update Product p set p.name = :name where p.id = :id")
                .setParameter("name", "teapot")
                .setParameter("id", 1L)
                .executeUpdate());
    assertThat(sessions.getCache().containsEntity(Product.class, 1L)).isFalse();
    statistics.clear();

    Product found = sessions.fromSession(session -> session.find(Product.class, 1L));

    assertThat(found.name()).isEqualTo("teapot");
    assertThat(statistics.getSecondLevelCacheHitCount()).isZero();
    assertThat(statistics.getSecondLevelCacheMissCount()).isEqualTo(1);
    assertThat(statistics.getPrepareStatementCount()).isEqualTo(1);
    assertThat(statistics.getSecondLevelCachePutCount()).isEqualTo(1);

    statistics.clear();
    assertThat(sessions.fromSession(session -> session.find(Product.class, 1L)).name()).isEqualTo("teapot");
    assertThat(statistics.getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(statistics.getPrepareStatementCount()).isZero();
  }
}
