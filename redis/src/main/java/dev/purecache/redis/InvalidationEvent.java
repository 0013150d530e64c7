package dev.purecache.redis;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code purecache.redis.Invalidation}: the server reported keys of a near cache's
 * namespace changed (or, as a flush, all of them).
 *
 * <p>Disabled by default: a recording gets it only when it enables it (for example {@code
 * -XX:StartFlightRecording:+purecache.redis.Invalidation#enabled=true} or {@code
 * recording.enable("purecache.redis.Invalidation")}). Committed on the client's event-loop
 * thread when the message arrives, before the local tier is updated; with the event disabled an
 * invalidation pays one {@link #isEnabled()} check.
 */
@Name(InvalidationEvent.NAME)
@Label("Near Cache Invalidation")
@Category({"purecache", "redis"})
@Description("Redis reported keys of a near cache's namespace changed")
@Enabled(false)
@StackTrace(false)
final class InvalidationEvent extends Event {
  static final String NAME = "purecache.redis.Invalidation";

  @Label("Namespace")
  @Description("The near cache's namespace")
  String namespace;

  @Label("Keys")
  @Description("Keys in the message (0 for a flush)")
  int keys;

  @Label("Flush")
  @Description("Whether the server invalidated every key (FLUSHALL, FLUSHDB)")
  boolean flush;

  /** Commits one event if a recording enables it. */
  static void commit(String namespace, int keys, boolean flush) {
    InvalidationEvent event = new InvalidationEvent();
    if (event.shouldCommit()) {
      event.namespace = namespace;
      event.keys = keys;
      event.flush = flush;
      event.commit();
    }
  }
}
