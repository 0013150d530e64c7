package dev.purecache.redis;

import dev.purecache.Ticker;
import java.time.Duration;

/** The validated settings of one near cache, as the builder collected them. */
record NearCacheSettings(
    String namespace,
    Duration redisTtl,
    DisconnectPolicy disconnectPolicy,
    Duration lockTtl,
    Duration commandTimeout,
    Duration healthCheckInterval,
    Ticker ticker,
    boolean recordStats) {}
