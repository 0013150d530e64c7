package dev.purecache.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Decodes the gzip-compressed traces of {@code shared/traces} into key sequences: ARC ({@code
 * *.lis}: {@code start count ignore request}, each of the {@code count} blocks a key), LIRS (text,
 * one block number per line, blank and {@code *} lines skipped) and cache2k (binary, big-endian
 * 32-bit integers, as {@code web12}, whose name also ends in {@code .trace}).
 */
public final class Traces {
  private Traces() {}

  /** Returns the trace's name without directory and compression suffixes. */
  public static String name(Path file) {
    String name = file.getFileName().toString();
    return name.replaceAll("\\.gz$", "").replaceAll("\\.(lis|trace)$", "");
  }

  /**
   * Reads the key sequence of {@code file}: ARC if its name contains {@code .lis}, LIRS if its
   * content is text, cache2k (binary) otherwise.
   */
  public static long[] read(Path file) throws IOException {
    byte[] content;
    try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      content = in.readAllBytes();
    }
    InputStream in = new ByteArrayInputStream(content);
    if (file.getFileName().toString().contains(".lis")) {
      return readArc(in);
    }
    return isText(content) ? readLirs(in) : readCache2k(in);
  }

  private static boolean isText(byte[] content) {
    for (int i = 0; i < Math.min(content.length, 256); i++) {
      byte b = content[i];
      if (!(b >= '0' && b <= '9') && b != '\n' && b != '\r' && b != ' ' && b != '*' && b != '-') {
        return false;
      }
    }
    return true;
  }

  /** ARC format: each line {@code start count ignore request} accesses blocks start..start+count-1. */
  static long[] readArc(InputStream in) throws IOException {
    LongList keys = new LongList();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
    for (String line; (line = reader.readLine()) != null; ) {
      String trimmed = line.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] fields = trimmed.split("\\s+");
      long start = Long.parseLong(fields[0]);
      long count = Long.parseLong(fields[1]);
      for (long i = 0; i < count; i++) {
        keys.add(start + i);
      }
    }
    return keys.toArray();
  }

  /** LIRS format: one block number per line; blank lines and {@code *} markers are skipped. */
  static long[] readLirs(InputStream in) throws IOException {
    LongList keys = new LongList();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
    for (String line; (line = reader.readLine()) != null; ) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.equals("*")) {
        continue;
      }
      keys.add(Long.parseLong(trimmed));
    }
    return keys.toArray();
  }

  /** cache2k format: a stream of big-endian signed 32-bit integers. */
  static long[] readCache2k(InputStream in) throws IOException {
    LongList keys = new LongList();
    DataInputStream data = new DataInputStream(new BufferedInputStream(in));
    for (; ; ) {
      try {
        keys.add(data.readInt());
      } catch (EOFException end) {
        return keys.toArray();
      }
    }
  }

  /** A growable array of longs. */
  private static final class LongList {
    private long[] items = new long[1 << 16];
    private int size;

    void add(long value) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = value;
    }

    long[] toArray() {
      return Arrays.copyOf(items, size);
    }
  }
}
