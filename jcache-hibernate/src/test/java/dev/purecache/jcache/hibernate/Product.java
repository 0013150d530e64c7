package dev.purecache.jcache.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An entity kept in the second-level cache, in the region named after its class. */
@Entity
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Product {
  @Id private long id;
  private String name;

  protected Product() {}

  Product(long id, String name) {
    this.id = id;
    this.name = name;
  }

  long id() {
    return id;
  }

  String name() {
    return name;
  }

  void rename(String name) {
    this.name = name;
  }
}
