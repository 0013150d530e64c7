package dev.purecache.jcstress.broken;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A deliberately broken table of the shape of the cache's own: chained buckets holding the
 * entries, writes under a lock, lock-free lookups with acquire loads, and a resize that moves
 * each entry into the doubled table by rewriting its link. Its lookup trusts a miss without
 * looking again at which table is current, so a lookup that followed a link the resize rewrote
 * into another bucket misses a key that was mapped throughout. The window is widened (see
 * {@link Window}) in the middle of the resize.
 */
public final class RelinkingTable {
  private static final VarHandle BUCKETS = MethodHandles.arrayElementVarHandle(Entry[].class);
  private static final VarHandle NEXT;

  static {
    try {
      NEXT = MethodHandles.lookup().findVarHandle(Entry.class, "next", Entry.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final class Entry {
    final int key;
    final int value;
    Entry next;

    Entry(int key, int value) {
      this.key = key;
      this.value = value;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private volatile Entry[] table = new Entry[16];
  private int size;

  /**
   * Returns the value of {@code key}, or null, without the lock.
   *
   * @param key the key
   * @return the value, or null
   */
  public Integer get(int key) {
    Entry[] t = table;
    Entry e = (Entry) BUCKETS.getAcquire(t, bucket(key, t.length));
    for (; e != null; e = (Entry) NEXT.getAcquire(e)) {
      if (e.key == key) {
        return e.value;
      }
    }
    return null; // the bug: the table may have been resized under this lookup
  }

  /**
   * Maps a new {@code key} to {@code value}, doubling the table first if it is full.
   *
   * @param key a key not mapped yet
   * @param value the value
   */
  public void put(int key, int value) {
    lock.lock();
    try {
      Entry[] t = table;
      if (size >= t.length) {
        t = resize(t);
      }
      Entry e = new Entry(key, value);
      int i = bucket(key, t.length);
      e.next = t[i];
      BUCKETS.setRelease(t, i, e);
      size++;
    } finally {
      lock.unlock();
    }
  }

  private Entry[] resize(Entry[] t) {
    Entry[] grown = new Entry[t.length << 1];
    for (int b = 0; b < t.length; b++) {
      for (Entry e = t[b]; e != null; ) {
        Entry next = e.next;
        int i = bucket(e.key, grown.length);
        NEXT.setRelease(e, grown[i]);
        grown[i] = e;
        e = next;
      }
      if (b == t.length / 2) {
        Window.widen();
      }
    }
    table = grown;
    return grown;
  }

  /**
   * Returns the number of keys mapped.
   *
   * @return the size
   */
  public int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  /** The keys' hash is {@code key % 16}, as the keys of the real test share 16 hash codes. */
  private static int bucket(int key, int length) {
    int h = (key % 16) * 0x9E3779B9;
    return h >>> (Integer.numberOfLeadingZeros(length) + 1);
  }
}
