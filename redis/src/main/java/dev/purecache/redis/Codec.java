package dev.purecache.redis;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns keys or values into the bytes stored in Redis and back. Implementations must be
 * thread-safe and deterministic for keys: equal keys must encode to equal bytes, and {@code
 * decode(encode(k))} must equal {@code k}, since invalidations arrive as bytes and are decoded to
 * find the local entry.
 *
 * <p>An exception thrown by {@link #encode} or {@link #decode} reaches the caller of the cache
 * operation (a load wraps it as the core wraps a loader's failure) and changes neither tier: a
 * value that fails to encode is neither sent to Redis nor stored locally, and a value read from
 * Redis that fails to decode is not stored locally. A codec may refuse a value it cannot hold
 * (too big, say) by throwing {@link IllegalArgumentException}.
 *
 * @param <T> the type encoded
 */
public interface Codec<T> {

  /**
   * Encodes a non-null object.
   *
   * @param object the object, never null
   * @return its bytes, never null
   * @throws RuntimeException if the object cannot be encoded
   */
  byte[] encode(T object);

  /**
   * Decodes bytes produced by {@link #encode} (or by another writer of the same format).
   *
   * @param bytes the bytes, never null
   * @return the object, never null
   * @throws RuntimeException if the bytes are not a valid encoding
   */
  T decode(byte[] bytes);

  /**
   * Returns the codec of strings as UTF-8.
   *
   * @return the UTF-8 string codec
   */
  static Codec<String> utf8() {
    return Builtin.UTF8;
  }

  /**
   * Returns the identity codec of byte arrays (arrays are neither copied on encode nor on
   * decode). Fit for values; as keys, arrays compare by identity in a {@link dev.purecache.Cache},
   * so prefer a {@code String} key or a record.
   *
   * @return the byte array codec
   */
  static Codec<byte[]> bytes() {
    return Builtin.BYTES;
  }

  /** The built-in codecs. */
  final class Builtin {
    static final Codec<String> UTF8 = new Codec<>() {
      @Override
      public byte[] encode(String object) {
        return Objects.requireNonNull(object, "object").getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
      }

      @Override
      public String toString() {
        return "Codec.utf8()";
      }
    };

    static final Codec<byte[]> BYTES = new Codec<>() {
      @Override
      public byte[] encode(byte[] object) {
        return Objects.requireNonNull(object, "object");
      }

      @Override
      public byte[] decode(byte[] bytes) {
        return bytes;
      }

      @Override
      public String toString() {
        return "Codec.bytes()";
      }
    };

    private Builtin() {}
  }
}
