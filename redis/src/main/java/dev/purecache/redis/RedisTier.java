package dev.purecache.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;

/**
 * The Redis side of a near cache: the commands it sends on its one connection, the layout of its
 * keys, and the translation of the client's failures into {@link RedisCacheException}.
 *
 * <p>Data keys are {@code namespace:} followed by the encoded key; the tracked prefix is {@code
 * namespace:}. Lock keys are {@code namespace;lock:} followed by the encoded key, outside the
 * tracked prefix, so taking a lock sends no invalidation.
 */
final class RedisTier {
  /** Deletes KEYS[1] if it holds ARGV[1]; returns 1 if it did. */
  private static final byte[] COMPARE_AND_DELETE =
      ("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) "
          + "else return 0 end").getBytes(StandardCharsets.UTF_8);

  /**
   * Sets KEYS[1] to ARGV[2] (with a time to live of ARGV[3] ms unless it is empty) if it holds
   * ARGV[1]; returns 1 if it did.
   */
  private static final byte[] COMPARE_AND_SET =
      ("if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end "
          + "if ARGV[3] == '' then redis.call('set', KEYS[1], ARGV[2]) "
          + "else redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) end "
          + "return 1").getBytes(StandardCharsets.UTF_8);

  private static final byte[] NO_TTL = new byte[0];

  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisCommands<byte[], byte[]> commands;
  private final String prefix;
  private final byte[] dataPrefix;
  private final byte[] lockPrefix;
  private final SetArgs setArgs;
  private final SetArgs setIfAbsentArgs;
  private final SetArgs setIfPresentArgs;
  private final byte[] ttlMillis;

  RedisTier(StatefulRedisConnection<byte[], byte[]> connection, NearCacheSettings settings) {
    this.connection = connection;
    this.commands = connection.sync();
    this.prefix = settings.namespace() + ":";
    this.dataPrefix = prefix.getBytes(StandardCharsets.UTF_8);
    this.lockPrefix = (settings.namespace() + ";lock:").getBytes(StandardCharsets.UTF_8);
    Duration ttl = settings.redisTtl();
    this.setArgs = ttl == null ? new SetArgs() : SetArgs.Builder.px(ttl);
    this.setIfAbsentArgs = ttl == null ? SetArgs.Builder.nx() : SetArgs.Builder.nx().px(ttl);
    this.setIfPresentArgs = ttl == null ? SetArgs.Builder.xx() : SetArgs.Builder.xx().px(ttl);
    this.ttlMillis =
        ttl == null ? NO_TTL : Long.toString(ttl.toMillis()).getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the data key of an encoded key. */
  byte[] dataKey(byte[] encodedKey) {
    return concat(dataPrefix, encodedKey);
  }

  /** Returns the encoded key of a data key under this namespace, or null if it is not one. */
  byte[] encodedKey(byte[] dataKey) {
    if (dataKey.length < dataPrefix.length) {
      return null;
    }
    for (int i = 0; i < dataPrefix.length; i++) {
      if (dataKey[i] != dataPrefix[i]) {
        return null;
      }
    }
    byte[] key = new byte[dataKey.length - dataPrefix.length];
    System.arraycopy(dataKey, dataPrefix.length, key, 0, key.length);
    return key;
  }

  byte[] get(byte[] dataKey) {
    try {
      return commands.get(dataKey);
    } catch (RuntimeException e) {
      throw failure("GET", dataKey, e);
    }
  }

  /** A GET's reply and what {@code stamper} read when the reply was decoded. */
  record Stamped(byte[] value, long stamp) {}

  /**
   * Reads a key and runs {@code stamper} on the client's event-loop thread as the reply is
   * decoded, so that it is ordered with the push messages of the connection: a push decoded
   * after the reply has not been seen by the stamp. (If the reply is in before the callback is
   * registered, the stamp is read on the caller's thread, later, which only ever sees more.)
   */
  Stamped getStamped(byte[] dataKey, java.util.function.LongSupplier stamper) {
    return await("GET", dataKey, connection.async().get(dataKey)
        .thenApply(value -> new Stamped(value, stamper.getAsLong())));
  }

  /**
   * Reads several keys in one {@code MGET}, stamping each as {@link #getStamped} does: the
   * values (null for a missing key) and the stamps, in the order of {@code dataKeys}.
   */
  Stamped[] getAllStamped(List<byte[]> dataKeys, ToLongFunction<byte[]> stamper) {
    byte[][] keys = dataKeys.toArray(new byte[0][]);
    return await("MGET", keys[0], connection.async().mget(keys).thenApply(replies -> {
      Stamped[] out = new Stamped[keys.length];
      for (int i = 0; i < keys.length; i++) {
        out[i] = new Stamped(replies.get(i).getValueOrElse(null), stamper.applyAsLong(keys[i]));
      }
      return out;
    }));
  }

  /**
   * Writes each value unless its key exists, all commands sent before the first reply is
   * awaited (one round trip); returns, per key, whether it was written.
   */
  boolean[] setAllIfAbsent(List<byte[]> dataKeys, List<byte[]> encodedValues) {
    List<CompletionStage<String>> replies = new ArrayList<>(dataKeys.size());
    for (int i = 0; i < dataKeys.size(); i++) {
      replies.add(connection.async().set(dataKeys.get(i), encodedValues.get(i), setIfAbsentArgs));
    }
    boolean[] written = new boolean[replies.size()];
    for (int i = 0; i < written.length; i++) {
      written[i] = "OK".equals(await("SET NX", dataKeys.get(i), replies.get(i)));
    }
    return written;
  }

  private <T> T await(String command, byte[] key, CompletionStage<T> reply) {
    try {
      return reply.toCompletableFuture()
          .get(connection.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.purecache.CacheInterruptedException("interrupted while waiting for Redis", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw failure(command, key,
          cause instanceof RuntimeException r ? r : new IllegalStateException(cause));
    } catch (TimeoutException e) {
      throw failure(command, key, new RedisCommandTimeoutException(
          "Command timed out after " + connection.getTimeout()));
    }
  }

  boolean exists(byte[] dataKey) {
    try {
      return commands.exists(dataKey) > 0;
    } catch (RuntimeException e) {
      throw failure("EXISTS", dataKey, e);
    }
  }

  /**
   * Writes a value. Throws {@link WriteFailure} (a {@link RedisCacheException}) telling whether
   * Redis may have applied it.
   */
  void set(byte[] dataKey, byte[] value) {
    try {
      commands.set(dataKey, value, setArgs);
    } catch (RuntimeException e) {
      throw writeFailure("SET", dataKey, e);
    }
  }

  /** Writes a value unless the key exists; returns whether it was written. */
  boolean setIfAbsent(byte[] dataKey, byte[] value) {
    try {
      return "OK".equals(commands.set(dataKey, value, setIfAbsentArgs));
    } catch (RuntimeException e) {
      throw failure("SET NX", dataKey, e);
    }
  }

  /** Writes a value and returns the one it replaced ({@code SET ... GET}), or null. */
  byte[] setGet(byte[] dataKey, byte[] value) {
    try {
      return commands.setGet(dataKey, value, setArgs);
    } catch (RuntimeException e) {
      throw writeFailure("SET GET", dataKey, e);
    }
  }

  /**
   * Writes a value unless the key exists ({@code SET ... NX GET}); returns the value it holds
   * (nothing was written), or null (the value was written).
   */
  byte[] setIfAbsentGet(byte[] dataKey, byte[] value) {
    try {
      return commands.setGet(dataKey, value, setIfAbsentArgs);
    } catch (RuntimeException e) {
      throw writeFailure("SET NX GET", dataKey, e);
    }
  }

  /**
   * Writes a value only if the key exists ({@code SET ... XX GET}); returns the value it
   * replaced, or null (nothing was written).
   */
  byte[] setIfPresentGet(byte[] dataKey, byte[] value) {
    try {
      return commands.setGet(dataKey, value, setIfPresentArgs);
    } catch (RuntimeException e) {
      throw writeFailure("SET XX GET", dataKey, e);
    }
  }

  /** Writes {@code value} if the key holds {@code expected} (a script); returns whether it did. */
  boolean compareAndSet(byte[] dataKey, byte[] expected, byte[] value) {
    try {
      Long done = commands.eval(
          COMPARE_AND_SET, ScriptOutputType.INTEGER, new byte[][] {dataKey}, expected, value,
          ttlMillis);
      return done != null && done == 1;
    } catch (RuntimeException e) {
      throw writeFailure("EVAL (compare and set)", dataKey, e);
    }
  }

  /** Deletes the key if it holds {@code expected} (a script); returns whether it did. */
  boolean compareAndDelete(byte[] dataKey, byte[] expected) {
    try {
      Long done = commands.eval(
          COMPARE_AND_DELETE, ScriptOutputType.INTEGER, new byte[][] {dataKey}, expected);
      return done != null && done == 1;
    } catch (RuntimeException e) {
      throw writeFailure("EVAL (compare and delete)", dataKey, e);
    }
  }

  /** Deletes a key and returns the value it had. */
  byte[] getDel(byte[] dataKey) {
    try {
      return commands.getdel(dataKey);
    } catch (RuntimeException e) {
      throw writeFailure("GETDEL", dataKey, e);
    }
  }

  /** Takes the load lock of an encoded key for {@code ttl} unless another holder has it. */
  boolean tryLock(byte[] encodedKey, byte[] token, Duration ttl) {
    byte[] lockKey = concat(lockPrefix, encodedKey);
    try {
      return "OK".equals(commands.set(lockKey, token, SetArgs.Builder.nx().px(ttl)));
    } catch (RuntimeException e) {
      throw failure("SET NX (lock)", lockKey, e);
    }
  }

  /** Releases the load lock of an encoded key if {@code token} still holds it. */
  void unlock(byte[] encodedKey, byte[] token) {
    byte[] lockKey = concat(lockPrefix, encodedKey);
    try {
      commands.<Long>eval(
          COMPARE_AND_DELETE, ScriptOutputType.INTEGER, new byte[][] {lockKey}, token);
    } catch (RuntimeException e) {
      throw failure("EVAL (unlock)", lockKey, e);
    }
  }

  /**
   * Turns tracking off and on again for this connection: broadcast mode over the namespace's
   * prefix, without the connection's own writes.
   */
  void enableTracking() {
    try {
      commands.clientTracking(TrackingArgs.Builder.enabled(false));
      commands.clientTracking(
          TrackingArgs.Builder.enabled().bcast().prefixes(StandardCharsets.UTF_8, prefix)
              .noloop());
    } catch (RuntimeException e) {
      throw new RedisCacheException("CLIENT TRACKING failed for prefix " + prefix, e);
    }
  }

  /** Returns whether Redis answered a PING within {@code timeout}. */
  boolean ping(Duration timeout) {
    try {
      return "PONG".equals(
          connection.async().ping().toCompletableFuture().get(
              timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    }
  }

  String prefix() {
    return prefix;
  }

  private RedisCacheException failure(String command, byte[] key, RuntimeException e) {
    return new RedisCacheException(
        command + " " + new String(key, StandardCharsets.UTF_8) + " failed: " + e.getMessage(), e);
  }

  private WriteFailure writeFailure(String command, byte[] key, RuntimeException e) {
    return new WriteFailure(
        command + " " + new String(key, StandardCharsets.UTF_8) + " failed: " + e.getMessage(), e,
        e instanceof RedisCommandTimeoutException);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A failed write, and whether Redis may still apply it (the command timed out). */
  static final class WriteFailure extends RedisCacheException {
    private static final long serialVersionUID = 1L;
    private final boolean outcomeUnknown;

    WriteFailure(String message, Throwable cause, boolean outcomeUnknown) {
      super(message, cause);
      this.outcomeUnknown = outcomeUnknown;
    }

    boolean outcomeUnknown() {
      return outcomeUnknown;
    }
  }
}
