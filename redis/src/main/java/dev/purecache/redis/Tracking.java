package dev.purecache.redis;

import dev.purecache.Ticker;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether a near cache's local tier can be trusted, and the invalidations that keep it so.
 *
 * <p>Implementation overview. {@code state} packs a count of losses (high bits) and whether
 * tracking is established (bit 0). Losses (a dropped connection, an unanswered health check, a
 * {@code tracking-redir-broken} message) clear the bit with a CAS that also counts the loss; the
 * supervisor thread re-establishes tracking and sets the bit with a CAS from the state it saw
 * before starting, so a loss during re-establishment is never overwritten.
 *
 * <p>Loads and writes are validated with a stamp: the sum of {@code generation} (bumped by every
 * flush, loss and re-establishment) and the epoch of the key's slot (bumped by every
 * invalidation of a key hashing to that slot). Both only grow, so an unchanged sum means neither
 * moved. A load takes the stamp before its {@code GET} and stores its value only if the stamp is
 * unchanged after it; an invalidation that came in between makes it store nothing. A load's
 * stamp is read on the event loop as its {@code GET} reply is decoded (see {@link
 * RedisTier#getStamped}): pushes and replies of one connection are decoded in the order the
 * server sent them, and the server sends the invalidation of a write that follows the {@code
 * GET} after the {@code GET}'s reply, so every invalidation that can make the value stale bumps
 * the epoch after the stamp was read. An
 * invalidation bumps the epoch first and then removes the key from the local tier, so a load
 * that passed its check before the bump still has its value removed afterwards (the core's
 * {@code remove} waits for a load in flight). Slots are shared by keys, which only ever makes a
 * load store nothing when it could have.
 *
 * <p>Threads: push messages and connection events arrive on the client's event-loop thread,
 * which this class never blocks: it bumps counters and hands the local-tier work to a new
 * virtual thread. The supervisor (a virtual thread) runs the health check and re-establishes
 * tracking with blocking commands.
 */
final class Tracking implements PushListener, RedisConnectionStateListener {
  /** The stamp of an operation that began while tracking was lost: never valid. */
  static final long INVALID = -1;

  private static final int SLOTS = 4096;
  private static final long RETRY_NANOS = Duration.ofMillis(50).toNanos();

  /** The local tier's side of invalidation, run on virtual threads. */
  interface LocalTier {
    /** Removes the local entries of these data keys. */
    void invalidate(List<byte[]> dataKeys);

    /** Drops every local entry; loads in flight store nothing. */
    void clear();
  }

  private final RedisTier redis;
  private final LocalTier local;
  private final NearCacheSettings settings;
  private final Ticker ticker;
  private final StatsRecorder stats;
  private final AtomicLongArray epochs = new AtomicLongArray(SLOTS);
  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong state = new AtomicLong();
  private final AtomicBoolean graceOver = new AtomicBoolean();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile long lostAt;
  private volatile String lossCause = "start";
  private volatile boolean closed;
  private Thread supervisor;

  Tracking(RedisTier redis, LocalTier local, NearCacheSettings settings, StatsRecorder stats) {
    this.redis = redis;
    this.local = local;
    this.settings = settings;
    this.ticker = settings.ticker();
    this.stats = stats;
    this.lostAt = ticker.read();
  }

  /** Establishes tracking on the caller's thread, then starts the supervisor. */
  void start() {
    long seen = state.get();
    redis.enableTracking();
    generation.incrementAndGet();
    state.compareAndSet(seen, seen | 1);
    supervisor =
        Thread.ofVirtual()
            .name("purecache-redis-tracking-" + settings.namespace())
            .start(this::supervise);
  }

  /** Marks tracking lost for good (the cache is closing), stops the supervisor and waits for it. */
  void close() {
    closed = true;
    long current;
    do {
      current = state.get();
    } while (!state.compareAndSet(current, ((current >>> 1) + 1) << 1));
    generation.incrementAndGet();
    Thread thread = supervisor;
    if (thread != null) {
      LockSupport.unpark(thread);
      try {
        thread.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  Thread supervisorThread() {
    return supervisor;
  }

  /** Returns whether tracking is established. One volatile read. */
  boolean active() {
    return (state.get() & 1) != 0;
  }

  /**
   * Returns whether local hits may be served while tracking is lost (the disconnect policy's
   * grace has not run out). The first call after it ran out clears the local tier.
   */
  boolean mayServeLocalWhileLost() {
    long grace = settings.disconnectPolicy().graceNanos();
    if (grace > 0 && ticker.read() - lostAt < grace) {
      return true;
    }
    if (graceOver.compareAndSet(false, true)) {
      local.clear();
    }
    return false;
  }

  /**
   * Returns the stamp of a data key as a reply is decoded: valid only if tracking was active and
   * {@code generation} (read before the command was sent) did not move meanwhile.
   */
  long stampSince(byte[] dataKey, long generationAtSend) {
    long stamp = stamp(dataKey);
    return generationAtSend != INVALID && generation.get() == generationAtSend ? stamp : INVALID;
  }

  /** Returns the generation now, or {@link #INVALID} while tracking is lost. */
  long generation() {
    return active() ? generation.get() : INVALID;
  }

  /** Returns the stamp of a data key now, or {@link #INVALID} while tracking is lost. */
  long stamp(byte[] dataKey) {
    if (!active()) {
      return INVALID;
    }
    return generation.get() + epochs.get(slot(dataKey));
  }

  /** Returns whether nothing invalidated {@code dataKey} since {@code stamp} was taken. */
  boolean unchanged(byte[] dataKey, long stamp) {
    return stamp != INVALID && active() && stamp(dataKey) == stamp;
  }

  // ---- event-loop callbacks: never block ----

  @Override
  public void onPushMessage(PushMessage message) {
    switch (message.getType()) {
      case "invalidate" -> onInvalidate(message);
      case "tracking-redir-broken" -> lost("tracking-redir-broken");
      default -> {}
    }
  }

  @Override
  public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
    lost("disconnected");
  }

  @Override
  public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
    Thread thread = supervisor;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  private void onInvalidate(PushMessage message) {
    List<Object> content = message.getContent(Tracking::bytes);
    Object keys = content.size() > 1 ? content.get(1) : null;
    if (!(keys instanceof List<?> list)) {
      generation.incrementAndGet();
      stats.flush();
      InvalidationEvent.commit(settings.namespace(), 0, true);
      dispatch("purecache-redis-flush", local::clear);
      return;
    }
    List<byte[]> dataKeys = new ArrayList<>(list.size());
    for (Object key : list) {
      if (key instanceof byte[] bytes) {
        epochs.incrementAndGet(slot(bytes));
        dataKeys.add(bytes);
      }
    }
    stats.invalidations(dataKeys.size());
    InvalidationEvent.commit(settings.namespace(), dataKeys.size(), false);
    dispatch("purecache-redis-invalidate", () -> local.invalidate(dataKeys));
  }

  /** Marks tracking lost: counts the loss, invalidates every stamp, applies the policy. */
  private void lost(String cause) {
    long current;
    do {
      current = state.get();
    } while (!state.compareAndSet(current, ((current >>> 1) + 1) << 1));
    boolean wasActive = (current & 1) != 0;
    generation.incrementAndGet();
    if (wasActive) {
      lostAt = ticker.read();
      lossCause = cause;
      graceOver.set(false);
      stats.flush();
      TrackingEvent.lost(settings.namespace(), cause);
      if (settings.disconnectPolicy().graceNanos() == 0) {
        graceOver.set(true);
        dispatch("purecache-redis-flush", local::clear);
      }
    }
    Thread thread = supervisor;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  // ---- supervisor ----

  private void supervise() {
    Duration interval = settings.healthCheckInterval();
    Duration pingTimeout = interval.dividedBy(2);
    while (!closed) {
      if (active()) {
        LockSupport.parkNanos(interval.toNanos());
        if (!closed && active() && !redis.ping(pingTimeout)) {
          lost("unresponsive");
        }
      } else {
        if (!reestablish()) {
          LockSupport.parkNanos(RETRY_NANOS);
        }
      }
    }
  }

  /**
   * Enables tracking again, then clears the local tier, then marks tracking established unless
   * it was lost again meanwhile. Returns whether tracking is established.
   */
  private boolean reestablish() {
    long seen = state.get();
    try {
      redis.enableTracking();
    } catch (RedisCacheException e) {
      return false;
    }
    generation.incrementAndGet();
    local.clear();
    if (!state.compareAndSet(seen, seen | 1)) {
      return false;
    }
    stats.reconnect();
    TrackingEvent.restored(settings.namespace(), lossCause, ticker.read() - lostAt);
    return true;
  }

  /** Runs local-tier work on a new virtual thread, off the event loop. */
  private void dispatch(String name, Runnable work) {
    pending.incrementAndGet();
    Thread.ofVirtual().name(name).start(() -> {
      try {
        work.run();
      } finally {
        pending.decrementAndGet();
      }
    });
  }

  /**
   * Returns whether every invalidation received so far has been applied to the local tier (for
   * tests: an invalidation applied late may drop a value loaded after the write it reports, which
   * costs a reload, never a stale read).
   */
  boolean settled() {
    return pending.get() == 0;
  }

  private static int slot(byte[] dataKey) {
    int h = Arrays.hashCode(dataKey);
    h ^= h >>> 16;
    return h & (SLOTS - 1);
  }

  private static Object bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }
}
