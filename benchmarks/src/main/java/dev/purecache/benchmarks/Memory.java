package dev.purecache.benchmarks;

import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * Bytes per entry, measured with JOL: the reachable graph of a cache holding 100,000 entries, less
 * the graph of the same cache empty, less the keys and values themselves, divided by 100,000.
 * Every cache has capacity 100,000 (and a TTL of one hour where the shape has one); Caffeine runs
 * its maintenance on the calling thread so its graph does not reach into the common pool.
 *
 * <p>Usage: {@code java -XX:+EnableDynamicAgentLoading -Djdk.attach.allowAttachSelf=true
 * --sun-misc-unsafe-memory-access=allow -cp benchmarks.jar dev.purecache.benchmarks.Memory}.
 */
public final class Memory {
  static final int ENTRIES = 100_000;

  private Memory() {}

  /** Prints one CSV line per cache type. */
  public static void main(String[] args) {
    System.out.println("# " + VM.current().details().lines().findFirst().orElse(""));
    System.out.println("cache,entries,totalBytes,emptyBytes,keyValueBytes,bytesPerEntry");
    for (CacheType type : CacheType.values()) {
      System.out.println(measure(type));
    }
  }

  static String measure(CacheType type) {
    Integer[] keys = new Integer[ENTRIES];
    Integer[] values = new Integer[ENTRIES];
    for (int i = 0; i < ENTRIES; i++) {
      keys[i] = Integer.valueOf(1_000_000 + i);
      values[i] = Integer.valueOf(2_000_000 + i);
    }
    BenchCache<Integer, Integer> empty = type.create(ENTRIES, 0, true);
    long emptyBytes = GraphLayout.parseInstance(empty.unwrap()).totalSize();
    BenchCache<Integer, Integer> full = type.create(ENTRIES, 0, true);
    for (int i = 0; i < ENTRIES; i++) {
      full.put(keys[i], values[i]);
    }
    full.cleanUp();
    for (int i = 0; i < ENTRIES; i += 997) {
      if (full.get(keys[i]) == null) {
        throw new IllegalStateException(type + " does not hold all " + ENTRIES + " entries");
      }
    }
    long totalBytes = GraphLayout.parseInstance(full.unwrap()).totalSize();
    long keyValueBytes =
        GraphLayout.parseInstance(keys, values).totalSize()
            - sizeOfArray(keys)
            - sizeOfArray(values);
    double perEntry = (double) (totalBytes - emptyBytes - keyValueBytes) / ENTRIES;
    return String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%.1f", type, ENTRIES, totalBytes, emptyBytes,
        keyValueBytes, perEntry);
  }

  private static long sizeOfArray(Object[] array) {
    return VM.current().sizeOf(array);
  }
}
