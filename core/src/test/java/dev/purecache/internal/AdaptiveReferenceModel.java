package dev.purecache.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain, slow, sequential model of {@link AdaptivePolicy} over long keys: lists for the
 * queues (front = oldest), a map from key to entry, and a count-min sketch kept as a flat array
 * of ints. It follows the policy's description step by step, with none of its data-structure
 * tricks, so that a differential test can compare the two hit for hit.
 */
final class AdaptiveReferenceModel {
  private static final long[] SEEDS = {
    0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL, 0x165667B19E3779F9L, 0xD6E8FEB86659FD93L
  };

  /** One cached key and its policy state. */
  static final class Entry {
    final long key;
    int hits;
    int credited;
    // admitted by a one-count edge and not yet found hit in probation
    boolean onTrial;

    Entry(long key) {
      this.key = key;
    }
  }

  private final int capacity;
  private final Map<Long, Entry> entries = new HashMap<>();
  private final List<Entry> window = new ArrayList<>();
  private final List<Entry> probation = new ArrayList<>();
  private final List<Entry> protectedList = new ArrayList<>();

  // the entries the sketch and the ghost table are sized for: at most 1,024, doubled as it fills
  private int tableEntries;
  // the sketch: 16 four-bit counters per table slot, as plain ints
  private int slots;
  private int[] counters;
  private int sampleSize;
  private int additions;

  /**
   * A remembered evicted key: its 15-bit fingerprint (never 0), whether it left the main space,
   * whether it made room for a candidate on trial, and its queue's clock when it left, shifted
   * right by {@link #tickShift} and kept to 15 bits.
   */
  record Ghost(int fingerprint, boolean main, boolean trialVictim, int tick) {}

  private static final long GHOST_SEED = 0x632BE59BD9B4E019L;
  private static final int TICK_RANGE = 1 << 15;

  private long random;
  private int windowTarget;
  // set by a main ghost that finds the window at one entry, cleared by the next window ghost
  private boolean strict;
  // up one when a candidate on trial is found hit in probation, down one when a live main ghost
  // that made room for one misses; from -16 to 16, starting at -1
  private int trialRecord = -1;
  // the ghost table: one slot per 4 entries, in buckets of 4 slots, null if empty
  private Ghost[][] ghostBuckets;
  // ticks are clocks shifted right by this: the least shift under which 8 * entries fits 15 bits
  private int tickShift;
  private long misses;
  private long mainEvictions;

  AdaptiveReferenceModel(int capacity, long seed) {
    this.capacity = capacity;
    this.random = seed;
    this.windowTarget = Math.max(1, (int) (capacity * 0.01));
    sizeTables(Math.min(capacity, 1_024));
  }

  // the sketch and the ghost table for this many entries: each resident key starts at its old
  // estimate, the ghosts start afresh, and their clocks go on
  private void sizeTables(int size) {
    Map<Long, Integer> carried = new HashMap<>();
    if (counters != null) {
      for (Entry e : entries.values()) {
        carried.put(e.key, sketchEstimate(hashOf(e.key)));
      }
    }
    this.tableEntries = size;
    this.slots = Math.max(8, size);
    this.counters = new int[16 * slots];
    this.sampleSize = 10 * size;
    this.additions = 0;
    this.ghostBuckets = new Ghost[Math.max(1, ((size + 3) / 4 + 3) / 4)][4];
    int shift = 0;
    while ((long) TICK_RANGE << shift < 8L * size) {
      shift++;
    }
    this.tickShift = shift;
    for (Map.Entry<Long, Integer> c : carried.entrySet()) {
      for (int row = 0; row < 4; row++) {
        int i = counterIndex(hashOf(c.getKey()), row);
        counters[i] = Math.max(counters[i], c.getValue());
      }
    }
  }

  int windowTarget() {
    return windowTarget;
  }

  boolean strictAdmission() {
    return strict;
  }

  int trialRecord() {
    return trialRecord;
  }

  int size() {
    return entries.size();
  }

  boolean contains(long key) {
    return entries.containsKey(key);
  }

  /**
   * A lookup of {@code key}; a miss inserts it, evicting first if full. Returns whether it hit;
   * adds the evicted key, if any, to {@code evicted}.
   */
  boolean access(long key, List<Long> evicted) {
    Entry entry = entries.get(key);
    if (entry != null) {
      hit(entry);
      return true;
    }
    if (entries.size() >= capacity) {
      Entry victim = victim();
      removeEntry(victim);
      evicted.add(victim.key);
    }
    insert(key);
    return false;
  }

  /** Removes {@code key} if present; returns whether it was. */
  boolean remove(long key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return false;
    }
    removeEntry(entry);
    return true;
  }

  private void hit(Entry e) {
    e.hits = Math.min(3, e.hits + 1);
  }

  private void insert(long key) {
    if (entries.size() >= tableEntries && tableEntries < capacity) {
      sizeTables((int) Math.min(capacity, 2L * tableEntries));
    }
    Entry e = new Entry(key);
    entries.put(key, e);
    window.add(e);
    sketchAdd(hashOf(key));
    adapt(hashOf(key));
  }

  private void removeEntry(Entry e) {
    credit(e);
    if (!window.remove(e) && !probation.remove(e) && !protectedList.remove(e)) {
      throw new AssertionError("entry in no queue");
    }
    entries.remove(e.key);
  }

  private Entry victim() {
    while (window.size() > windowTarget) {
      Entry e = window.remove(0);
      credit(e);
      probation.add(e);
    }
    boolean mainEmpty = probation.isEmpty() && protectedList.isEmpty();
    if (!window.isEmpty() && (window.size() >= windowTarget || mainEmpty)) {
      Entry candidate = null;
      int passes = window.size();
      for (int i = 0; i < passes; i++) {
        Entry first = window.get(0);
        if (first.hits <= first.credited) {
          candidate = first;
          break;
        }
        credit(first);
        window.remove(0);
        window.add(first);
      }
      if (candidate == null) {
        candidate = window.get(0);
      }
      if (mainEmpty) {
        return candidate;
      }
      Entry victim = mainVictim();
      int c = sketchEstimate(hashOf(candidate.key));
      int v = sketchEstimate(hashOf(victim.key));
      boolean onTrial = false;
      boolean admit;
      if (c >= v + 2) {
        admit = true;
      } else if (c == v + 1
          && !strict
          && (trialRecord >= 0 || (nextRandom() & 15) == 0)) {
        admit = true;
        onTrial = true;
      } else {
        admit = c >= 8 && (nextRandom() & 127) == 0;
      }
      if (admit) {
        window.remove(candidate);
        credit(candidate);
        candidate.onTrial = onTrial;
        probation.add(candidate);
        mainEvictions++;
        remember(victim.key, true, onTrial, mainEvictions);
        return victim;
      }
      remember(candidate.key, false, false, misses);
      return candidate;
    }
    Entry victim = mainVictim();
    mainEvictions++;
    remember(victim.key, true, false, mainEvictions);
    return victim;
  }

  private Entry mainVictim() {
    int protectedMax = (int) ((capacity - windowTarget) * 0.8);
    while (true) {
      if (probation.isEmpty()) {
        Entry e = protectedList.remove(0);
        credit(e);
        e.hits = 0;
        e.credited = 0;
        probation.add(e);
      }
      Entry first = probation.get(0);
      if (first.hits == 0) {
        return first;
      }
      if (first.onTrial) {
        first.onTrial = false;
        trialRecord = Math.min(16, trialRecord + 1);
      }
      credit(first);
      first.hits--;
      first.credited = first.hits;
      probation.remove(0);
      protectedList.add(first);
      while (protectedList.size() > protectedMax) {
        Entry oldest = protectedList.remove(0);
        credit(oldest);
        if (oldest.hits > 0) {
          oldest.hits--;
          oldest.credited = oldest.hits;
          protectedList.add(oldest);
        } else {
          probation.add(oldest);
        }
      }
    }
  }

  private void credit(Entry e) {
    for (; e.credited < e.hits; e.credited++) {
      sketchAdd(hashOf(e.key));
    }
  }

  /** The ghost table's mix of a hash: its high 32 bits pick the bucket, low 15 the fingerprint. */
  private static long ghostMix(int hash) {
    long z = (hash + GHOST_SEED) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 29);
  }

  private static int fingerprintOf(int hash) {
    int f = (int) (ghostMix(hash) & 0x7FFF);
    return f == 0 ? 1 : f;
  }

  /** The bucket of a hash: the mix's high 32 bits as a fraction of the bucket count. */
  private Ghost[] bucketOf(int hash) {
    long high = ghostMix(hash) >>> 32;
    return ghostBuckets[(int) (high * ghostBuckets.length / (1L << 32))];
  }

  private int tickOf(long clock) {
    return (int) ((clock >> tickShift) % TICK_RANGE);
  }

  /** A ghost's age in shifted ticks, modulo the 15-bit range (an old enough ghost wraps). */
  private int age(Ghost g) {
    return Math.floorMod(tickOf(g.main ? mainEvictions : misses) - g.tick, TICK_RANGE);
  }

  /**
   * Expired: older than its limit in shifted ticks (a main ghost: the window's target and a
   * tenth of the capacity; a window ghost: an eighth of the capacity, a sixteenth while the trial
   * record is below 0), or than half the tick range.
   */
  private boolean expired(Ghost g) {
    long limit = g.main ? windowTarget + capacity / 10 : capacity / (trialRecord < 0 ? 16 : 8);
    return age(g) > Math.min(limit >> tickShift, TICK_RANGE / 2);
  }

  /**
   * Records an evicted key: in its bucket, the first slot that is empty, holds the same
   * fingerprint or an expired ghost; else the slot of the oldest ghost of the same kind; else the
   * slot the miss count picks.
   */
  private void remember(long key, boolean main, boolean trialVictim, long clock) {
    int hash = hashOf(key);
    int fingerprint = fingerprintOf(hash);
    Ghost[] bucket = bucketOf(hash);
    int chosen = -1;
    long oldest = -1;
    for (int i = 0; i < 4; i++) {
      Ghost g = bucket[i];
      if (g == null || g.fingerprint == fingerprint || expired(g)) {
        chosen = i;
        break;
      }
      if (g.main == main && age(g) > oldest) {
        oldest = age(g);
        chosen = i;
      }
    }
    if (chosen < 0) {
      chosen = (int) (misses % 4);
    }
    bucket[chosen] = new Ghost(fingerprint, main, trialVictim, tickOf(clock));
  }

  /**
   * On a miss: a live window ghost grows the window by one (or, if admission is strict, makes it
   * normal), a live main ghost shrinks it by one (or, at one entry, makes admission strict); a
   * live main ghost that made room for a candidate on trial also lowers the trial record.
   */
  private void adapt(int hash) {
    misses++;
    Ghost[] bucket = bucketOf(hash);
    int fingerprint = fingerprintOf(hash);
    for (int i = 0; i < 4; i++) {
      Ghost g = bucket[i];
      if (g != null && g.fingerprint == fingerprint) {
        bucket[i] = null;
        if (!expired(g)) {
          if (g.trialVictim) {
            trialRecord = Math.max(-16, trialRecord - 1);
          }
          if (!g.main) {
            if (strict) {
              strict = false;
            } else {
              windowTarget = Math.min(capacity - 1, windowTarget + 1);
            }
          } else if (windowTarget > 1) {
            windowTarget--;
          } else {
            strict = true;
          }
        }
        return;
      }
    }
  }

  private static int hashOf(long key) {
    int h = Long.valueOf(key).hashCode();
    return h ^ (h >>> 16);
  }

  private static long mix(int hash, int row) {
    long z = (hash + SEEDS[row]) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 29);
  }

  private int counterIndex(int hash, int row) {
    long z = mix(hash, row);
    int slot = (int) ((z & 0xFFFFFFFFL) * slots >>> 32);
    int nibble = (int) (z >>> 60);
    return slot * 16 + nibble;
  }

  private void sketchAdd(int hash) {
    for (int row = 0; row < 4; row++) {
      int i = counterIndex(hash, row);
      if (counters[i] < 15) {
        counters[i]++;
      }
    }
    additions++;
    if (additions >= sampleSize) {
      for (int i = 0; i < counters.length; i++) {
        counters[i] = counters[i] / 2;
      }
      additions = 0;
      trialRecord /= 2;
    }
  }

  private int sketchEstimate(int hash) {
    int min = 15;
    for (int row = 0; row < 4; row++) {
      min = Math.min(min, counters[counterIndex(hash, row)]);
    }
    return min;
  }

  private long nextRandom() {
    random += 0x9E3779B97F4A7C15L;
    long z = random;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
