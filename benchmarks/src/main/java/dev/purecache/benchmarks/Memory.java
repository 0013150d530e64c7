package dev.purecache.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * Bytes per entry, measured with JOL: {@link #ENTRIES} distinct keys (100,000 unless the system
 * property {@code entries} says otherwise) are put into a cache of that capacity; the reachable
 * graph of the cache, less the keys and values it holds, divided by the number of entries it holds
 * (a striped cache may hold fewer than its capacity when its keys do not spread evenly over the
 * stripes). Two figures: {@code bytesPerEntry} also leaves out the graph of the same cache empty
 * (what an entry adds), {@code bytesPerEntryWithEmpty} counts it (what a full cache costs per
 * entry, tables allocated up front included). Every cache has a TTL of one hour where the shape
 * has one; Caffeine runs its maintenance on the calling thread so its graph does not reach into
 * the common pool.
 *
 * <p>Usage: {@code java -XX:+EnableDynamicAgentLoading -Djdk.attach.allowAttachSelf=true
 * --sun-misc-unsafe-memory-access=allow [-Dentries=N] -cp benchmarks.jar
 * dev.purecache.benchmarks.Memory [cacheType...]}.
 */
public final class Memory {
  /** The capacity of every cache and the keys put into it. */
  static final int ENTRIES = Integer.getInteger("entries", 100_000);

  /** The CSV header, one row per cache type. */
  static final String HEADER =
      "cache,inserted,held,totalBytes,emptyBytes,keyValueBytes,bytesPerEntry,"
          + "bytesPerEntryWithEmpty";

  private Memory() {}

  /** Prints one CSV line per cache type (all, or those named in {@code args}). */
  public static void main(String[] args) {
    System.out.println("# " + VM.current().details().lines().findFirst().orElse(""));
    System.out.println(HEADER);
    CacheType[] types = CacheType.values();
    if (args.length > 0) {
      types = java.util.Arrays.stream(args).map(CacheType::valueOf).toArray(CacheType[]::new);
    }
    for (CacheType type : types) {
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
    List<Integer> heldKeys = new ArrayList<>();
    List<Integer> heldValues = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      Integer value = full.get(keys[i]);
      if (value != null) {
        heldKeys.add(keys[i]);
        heldValues.add(value);
      }
    }
    int held = heldKeys.size();
    long totalBytes = GraphLayout.parseInstance(full.unwrap()).totalSize();
    Object[] heldKeyArray = heldKeys.toArray();
    Object[] heldValueArray = heldValues.toArray();
    long keyValueBytes =
        GraphLayout.parseInstance(heldKeyArray, heldValueArray).totalSize()
            - sizeOfArray(heldKeyArray)
            - sizeOfArray(heldValueArray);
    double perEntry = (double) (totalBytes - emptyBytes - keyValueBytes) / held;
    double withEmpty = (double) (totalBytes - keyValueBytes) / held;
    return String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%.1f,%.1f", type, ENTRIES, held,
        totalBytes, emptyBytes, keyValueBytes, perEntry, withEmpty);
  }

  private static long sizeOfArray(Object[] array) {
    return VM.current().sizeOf(array);
  }
}
