package dev.purecache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The obviously correct, O(n) sequential specification of the four exact policies (ADAPTIVE has
 * its own, {@code internal.AdaptiveReferenceModel}): every entry keeps
 * its value, write time, last use and frequency; eviction scans for the minimum. It reports the
 * removals an operation causes in the order the specification defines them.
 */
final class ReferenceModel {
  record Event(int key, int value, RemovalCause cause) {}

  private static final class Entry {
    int value;
    long writeTime;
    long writeSeq;
    long lastUse;
    long frequency;
  }

  private final Policy policy;
  private final int capacity;
  private final long ttl;
  private final Map<Integer, Entry> entries = new HashMap<>();
  private final List<Event> events = new ArrayList<>();
  private long clock;
  private long seq;

  ReferenceModel(Policy policy, int capacity, long ttl) {
    this.policy = policy;
    this.capacity = capacity;
    this.ttl = ttl;
  }

  void setTime(long now) {
    this.clock = now;
  }

  List<Event> takeEvents() {
    List<Event> copy = List.copyOf(events);
    events.clear();
    return copy;
  }

  private boolean expires() {
    return policy == Policy.TTL || policy == Policy.LRU_TTL;
  }

  private boolean expired(Entry e) {
    return expires() && clock - e.writeTime >= ttl;
  }

  private Entry live(int key) {
    Entry e = entries.get(key);
    return e == null || expired(e) ? null : e;
  }

  private void use(Entry e) {
    e.lastUse = ++seq;
    e.frequency++;
  }

  Integer get(int key) {
    Entry e = live(key);
    if (e == null) {
      return null;
    }
    use(e);
    return e.value;
  }

  boolean containsKey(int key) {
    return live(key) != null;
  }

  void put(int key, int value) {
    reclaimExpired();
    Entry e = entries.get(key);
    if (e != null) {
      events.add(new Event(key, e.value, RemovalCause.REPLACED));
      e.value = value;
      e.writeTime = clock;
      e.writeSeq = ++seq;
      use(e);
      return;
    }
    insert(key, value);
  }

  Integer remove(int key) {
    Entry e = entries.remove(key);
    if (e == null) {
      return null;
    }
    if (expired(e)) {
      events.add(new Event(key, e.value, RemovalCause.EXPIRED));
      return null;
    }
    events.add(new Event(key, e.value, RemovalCause.EXPLICIT));
    return e.value;
  }

  /** computeIfAbsent with a loader that returns {@code loaded} (null: nothing stored). */
  Integer computeIfAbsent(int key, Integer loaded) {
    Entry e = live(key);
    if (e != null) {
      use(e);
      return e.value;
    }
    if (loaded != null) {
      reclaimExpired();
      insert(key, loaded);
    }
    return loaded;
  }

  int size() {
    reclaimExpired();
    return entries.size();
  }

  void clear() {
    reclaimExpired();
    entries.entrySet().stream()
        .sorted(Comparator.comparingInt(Map.Entry::getKey))
        .forEach(en -> events.add(new Event(en.getKey(), en.getValue().value, RemovalCause.EXPLICIT)));
    entries.clear();
  }

  void cleanUp() {
    reclaimExpired();
  }

  private void insert(int key, int value) {
    if (entries.size() >= capacity) {
      int victim = victim();
      events.add(new Event(victim, entries.remove(victim).value, RemovalCause.SIZE));
    }
    Entry e = new Entry();
    e.value = value;
    e.writeTime = clock;
    e.writeSeq = ++seq;
    e.lastUse = e.writeSeq;
    e.frequency = 1;
    entries.put(key, e);
  }

  private int victim() {
    Comparator<Map.Entry<Integer, Entry>> order =
        switch (policy) {
          case LRU, LRU_TTL -> Comparator.comparingLong(en -> en.getValue().lastUse);
          case LFU ->
              Comparator.<Map.Entry<Integer, Entry>>comparingLong(en -> en.getValue().frequency)
                  .thenComparingLong(en -> en.getValue().lastUse);
          case TTL -> Comparator.comparingLong(en -> en.getValue().writeSeq);
          case ADAPTIVE ->
              throw new IllegalArgumentException("ADAPTIVE has a model of its own");
        };
    return entries.entrySet().stream().min(order).orElseThrow().getKey();
  }

  private void reclaimExpired() {
    if (!expires()) {
      return;
    }
    List<Map.Entry<Integer, Entry>> dead = new ArrayList<>();
    for (Iterator<Map.Entry<Integer, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Integer, Entry> en = it.next();
      if (expired(en.getValue())) {
        dead.add(en);
        it.remove();
      }
    }
    dead.sort(Comparator.comparingLong(en -> en.getValue().writeSeq));
    for (Map.Entry<Integer, Entry> en : dead) {
      events.add(new Event(en.getKey(), en.getValue().value, RemovalCause.EXPIRED));
    }
  }
}
