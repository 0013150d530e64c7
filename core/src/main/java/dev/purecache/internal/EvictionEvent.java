package dev.purecache.internal;

import dev.purecache.Policy;
import dev.purecache.RemovalCause;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code purecache.Eviction}: the cache removed an entry by itself, to stay within its
 * capacity ({@code SIZE}) or because its time to live ran out ({@code EXPIRED}). Explicit
 * removals and replacements are not evictions and emit nothing.
 *
 * <p>Disabled by default (enable it like {@link LoadEvent}). Events are committed after the
 * stripe lock is released, by the thread whose write (or {@code size()}, {@code cleanUp()})
 * caused the evictions; with the event disabled a write pays one {@link #isEnabled()} check.
 */
@Name(EvictionEvent.NAME)
@Label("Cache Eviction")
@Category({"purecache"})
@Description("An entry evicted for size or expiry")
@Enabled(false)
@StackTrace(false)
final class EvictionEvent extends Event {
  static final String NAME = "purecache.Eviction";

  @Label("Key Type")
  @Description("Class name of the key")
  String keyType;

  @Label("Cause")
  @Description("SIZE (capacity) or EXPIRED (time to live)")
  String cause;

  @Label("Policy")
  @Description("Eviction policy of the cache: LRU, LFU, TTL or LRU_TTL")
  String policy;

  /** Returns whether a recording enables this event type now. */
  static boolean enabled() {
    return new EvictionEvent().isEnabled();
  }

  /** Commits one event for an eviction; the caller holds no lock. */
  static void commit(Object key, RemovalCause cause, Policy policy) {
    if (!cause.wasEvicted()) {
      return;
    }
    EvictionEvent event = new EvictionEvent();
    if (event.shouldCommit()) {
      event.keyType = key.getClass().getName();
      event.cause = cause.name();
      event.policy = policy.name();
      event.commit();
    }
  }
}
