package dev.purecache.redis;

/**
 * An immutable snapshot of a near cache's counts, each tier apart. All counts are zero unless
 * the cache was built with {@link RedisNearCacheBuilder#recordStats()}.
 *
 * @param localHits reads answered by the local tier
 * @param redisHits local misses answered by Redis
 * @param redisMisses local misses Redis had no value for (a load follows when there is a
 *     loader)
 * @param loadSuccesses loader runs that returned (a {@code null} result included)
 * @param loadFailures loader runs that threw
 * @param totalLoadTime nanoseconds spent in loaders
 * @param invalidations keys the server reported changed (each removed from the local tier)
 * @param flushes times the whole local tier was dropped: a flush on the server, lost tracking
 * @param reconnects times tracking was established again after it was lost
 * @param localEvictions entries the local tier evicted for size or expiry
 */
public record NearCacheStats(
    long localHits,
    long redisHits,
    long redisMisses,
    long loadSuccesses,
    long loadFailures,
    long totalLoadTime,
    long invalidations,
    long flushes,
    long reconnects,
    long localEvictions) {}
