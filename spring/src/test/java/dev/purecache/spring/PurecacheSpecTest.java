package dev.purecache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.Cache;
import dev.purecache.Policy;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PurecacheSpecTest {

  @Test
  void parsesEveryKey() {
    PurecacheSpec spec =
        PurecacheSpec.parse(" policy = LRU_TTL , capacity=10_000, ttl=5m, stripes=4, load-timeout=2s, stats ");
    assertThat(spec.policy()).isEqualTo(Policy.LRU_TTL);
    assertThat(spec.capacity()).isEqualTo(10_000);
    assertThat(spec.ttl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(spec.recordStats()).isTrue();
    Cache<Object, Object> cache = spec.toBuilder().build();
    cache.put("k", "v");
    assertThat(cache.get("k")).isEqualTo("v");
    assertThat(cache.stats().hitCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Policy.class)
  void everyPolicyNameParsesInLowerCase(Policy policy) {
    assertThat(PurecacheSpec.parse("policy=" + policy.name().toLowerCase(Locale.ROOT)).policy())
        .isEqualTo(policy);
  }

  @Test
  void policyIsOptionalAndTheBuilderPicksTheDefault() {
    PurecacheSpec spec = PurecacheSpec.parse("capacity=2");
    assertThat(spec.policy()).isNull();
    Cache<Object, Object> cache = spec.toBuilder().build();
    cache.put(1, "a");
    cache.put(2, "b");
    cache.put(3, "c");
    assertThat(cache.size()).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S",
    "30s, PT30S",
    "5m, PT5M",
    "2h, PT2H",
    "1d, PT24H",
    "PT90S, PT1M30S"
  })
  void durations(String text, String iso) {
    assertThat(PurecacheSpec.parse("ttl=" + text).ttl()).isEqualTo(Duration.parse(iso));
  }

  @Test
  void statsOnlyWhenGiven() {
    assertThat(PurecacheSpec.parse("capacity=5").recordStats()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "capacity=10,colour=red | unknown key 'colour' in 'colour=red' (known: policy, capacity, ttl, stripes, load-timeout, stats)",
        "policy=mru | unknown policy 'policy=mru' (known: ",
        "capacity=ten | 'capacity=ten' is not a whole number",
        "capacity=0 | 'capacity=0' must be at least 1",
        "stripes=-2 | 'stripes=-2' must be at least 1",
        "ttl=5 | 'ttl=5' is not a duration",
        "ttl=5y | 'ttl=5y' is not a duration",
        "ttl=0s | 'ttl=0s' must be positive",
        "load-timeout=PTx | 'load-timeout=PTx' is not a duration",
        "capacity=1,capacity=2 | 'capacity' is given more than once",
        "stats=true | 'stats' takes no value, got 'stats=true'",
        "capacity= | 'capacity' needs a value",
        "policy | 'policy' needs a value",
        "capacity=1,,stats | an empty part",
        "capacity=1, | an empty part"
      })
  void errorsNameTheBadPartAndTheSpec(String spec, String message) {
    assertThatThrownBy(() -> PurecacheSpec.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("purecache spec '" + spec + "': ")
        .hasMessageContaining(message.strip());
  }

  @Test
  void unknownPolicyListsTheEnumsNames() {
    StringBuilder known = new StringBuilder();
    for (Policy policy : Policy.values()) {
      known.append(known.isEmpty() ? "" : ", ").append(policy.name().toLowerCase(Locale.ROOT));
    }
    assertThatThrownBy(() -> PurecacheSpec.parse("policy=fifo"))
        .hasMessageEndingWith("(known: " + known + ")");
  }

  @Test
  void nullSpecThrows() {
    assertThatThrownBy(() -> PurecacheSpec.parse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("spec");
  }

  @Test
  void toStringIsTheText() {
    assertThat(PurecacheSpec.parse("capacity=3,stats")).hasToString("capacity=3,stats");
  }
}
