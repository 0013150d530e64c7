package dev.purecache.redis;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event {@code purecache.redis.Tracking}: a near cache lost tracking (its connection dropped,
 * Redis stopped answering its health check, or the server reported the tracking broken) or
 * established it again after a loss (a reconnect).
 *
 * <p>Disabled by default (enable it like {@link InvalidationEvent}). A loss is committed on the
 * thread that noticed it (the client's event loop or the cache's supervisor), a restore on the
 * supervisor once tracking is on and the local tier cleared.
 */
@Name(TrackingEvent.NAME)
@Label("Near Cache Tracking")
@Category({"purecache", "redis"})
@Description("A near cache lost tracking, or established it again")
@Enabled(false)
@StackTrace(false)
final class TrackingEvent extends Event {
  static final String NAME = "purecache.redis.Tracking";

  @Label("Namespace")
  @Description("The near cache's namespace")
  String namespace;

  @Label("Change")
  @Description("lost or restored")
  String change;

  @Label("Cause")
  @Description("disconnected, unresponsive or tracking-redir-broken")
  String cause;

  @Label("Downtime")
  @Description("For a restore: time since tracking was lost, by the cache's ticker")
  @Timespan(Timespan.NANOSECONDS)
  long downtime;

  static void lost(String namespace, String cause) {
    commit(namespace, "lost", cause, 0);
  }

  static void restored(String namespace, String cause, long downtimeNanos) {
    commit(namespace, "restored", cause, downtimeNanos);
  }

  private static void commit(String namespace, String change, String cause, long downtime) {
    TrackingEvent event = new TrackingEvent();
    if (event.shouldCommit()) {
      event.namespace = namespace;
      event.change = change;
      event.cause = cause;
      event.downtime = downtime;
      event.commit();
    }
  }
}
