package dev.purecache;

/**
 * Gives each entry a time to live of its own: a cache built with {@link
 * CacheBuilder#expireAfter(Expiry)} asks it for a duration when an entry is created, updated and
 * read, and the entry expires that many nanoseconds later.
 *
 * <pre>{@code
 * Cache<String, Session> sessions = CacheBuilder.newBuilder()
 *     .capacity(100_000)
 *     .expireAfter(new Expiry<String, Session>() {
 *       public long expireAfterCreate(String id, Session s, long currentTime) {
 *         return s.lifetime().toNanos();
 *       }
 *       public long expireAfterUpdate(String id, Session s, long currentTime, long currentDuration) {
 *         return s.lifetime().toNanos();
 *       }
 *       public long expireAfterRead(String id, Session s, long currentTime, long currentDuration) {
 *         return currentDuration;                 // a read changes nothing
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p><b>Durations.</b> Every method returns nanoseconds from {@code currentTime}, the cache's
 * {@link Ticker} reading at the operation. An entry is visible while the ticker reads less than
 * {@code currentTime} plus the duration, never at or after it. A duration of zero or less makes
 * the entry expire at once: reads miss it from then on, and it is removed with cause {@link
 * RemovalCause#EXPIRED} at the cache's next maintenance. Durations longer than about 146 years
 * ({@code Long.MAX_VALUE >> 1} nanoseconds), {@code Long.MAX_VALUE} included, are cut to that:
 * the entry does not expire in practice.
 *
 * <p><b>Threads.</b> The methods run on the thread of the operation: {@code expireAfterCreate}
 * and {@code expireAfterUpdate} with the key's stripe lock held, {@code expireAfterRead} without
 * any lock. They must be fast, must not block and must not use the cache. They should not throw:
 * an exception from one is logged, and the cache then lets the entry expire at once (after a
 * create or an update) or keeps its deadline (after a read); the operation itself completes.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface Expiry<K, V> {

  /**
   * Returns the time to live of a new entry: stored by a {@code put} of an absent (or expired)
   * key, by a load, or by the {@link Cache#asMap() map view}'s insertions.
   *
   * @param key the key, never null
   * @param value the value stored, never null
   * @param currentTime the ticker's reading at the store, in nanoseconds
   * @return the nanoseconds until the entry expires; zero or less expires it at once
   */
  long expireAfterCreate(K key, V value, long currentTime);

  /**
   * Returns the time to live of an entry whose value is replaced: a {@code put} of a live key, a
   * successful refresh, or the map view's replacements ({@code replace}, {@code compute}, {@code
   * merge} and the like).
   *
   * @param key the key, never null
   * @param value the new value, never null
   * @param currentTime the ticker's reading at the update, in nanoseconds
   * @param currentDuration the nanoseconds the entry had left before the update (positive);
   *     return it to leave the deadline as it is
   * @return the nanoseconds until the entry expires; zero or less expires it at once
   */
  long expireAfterUpdate(K key, V value, long currentTime, long currentDuration);

  /**
   * Returns the time to live of an entry after a hit: {@code get}, the hit of {@code
   * computeIfAbsent}, and a {@link LoadingCache}'s {@code get} and {@code getAll}. {@code
   * containsKey} and the map view's reads are not hits and do not call it. The new deadline
   * applies to every read from the moment this returns. A read that a concurrent write of the
   * same stripe makes retry may call it again, with the deadline the first call set.
   *
   * @param key the key, never null
   * @param value the value read, never null
   * @param currentTime the ticker's reading at the read, in nanoseconds
   * @param currentDuration the nanoseconds the entry has left (positive); return it to leave the
   *     deadline as it is
   * @return the nanoseconds until the entry expires; zero or less expires it at once
   */
  long expireAfterRead(K key, V value, long currentTime, long currentDuration);
}
