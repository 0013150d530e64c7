package dev.purecache.internal;

import dev.purecache.Policy;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code purecache.Load}: one single-flight load, from the moment its first caller
 * registered it until its outcome was decided.
 *
 * <p>Disabled by default: a recording gets it only when it enables it (for example {@code
 * -XX:StartFlightRecording:+purecache.Load#enabled=true} or {@code
 * recording.enable("purecache.Load")}). When no recording enables it, a flight pays one {@link
 * #isEnabled()} check and allocates nothing.
 *
 * <p>The event is committed by the thread that decided the outcome (the loader's thread for a
 * success or a failure, a waiting caller for a timeout, the last caller to leave for a
 * cancellation), before any caller is answered.
 */
@Name(LoadEvent.NAME)
@Label("Cache Load")
@Category({"purecache"})
@Description("A single-flight load of one key: its duration, outcome and number of callers")
@Enabled(false)
@StackTrace(false)
final class LoadEvent extends Event {
  static final String NAME = "purecache.Load";

  static final String SUCCESS = "success";
  static final String FAILURE = "failure";
  static final String TIMEOUT = "timeout";
  static final String CANCELLED = "cancelled";
  static final String SUPERSEDED = "superseded";

  @Label("Key Type")
  @Description("Class name of the key")
  String keyType;

  @Label("Outcome")
  @Description(
      "success, failure (the loader threw), timeout, cancelled (nobody waited any more) or"
          + " superseded (a put answered its callers first)")
  String outcome;

  @Label("Callers")
  @Description("Callers that shared this load: the one that started it plus those that joined it")
  int callers;

  @Label("Reload")
  @Description("Whether the load refreshed a live entry rather than loading a missing key")
  boolean reload;

  @Label("Policy")
  @Description("Eviction policy of the cache: LRU, LFU, TTL or LRU_TTL")
  String policy;

  /**
   * Returns a begun event if a recording enables this event type, else null. The probe instance
   * is JFR's own idiom for the check: when the event is off it does not escape, so compiled code
   * need not allocate it, and a flight keeps no event.
   */
  static LoadEvent beginIfEnabled() {
    LoadEvent event = new LoadEvent();
    if (!event.isEnabled()) {
      return null;
    }
    event.begin();
    return event;
  }

  /**
   * Ends and commits the event of a flight whose outcome is decided, shared by {@code callers}
   * callers; a reload that returned null ends as a failure.
   */
  static void end(
      LoadEvent event, Object key, Policy policy, String outcome, int callers, boolean reload) {
    if (event == null) {
      return;
    }
    event.end();
    if (event.shouldCommit()) {
      event.keyType = key.getClass().getName();
      event.policy = policy.name();
      event.outcome = outcome;
      event.callers = callers;
      event.reload = reload;
      event.commit();
    }
  }
}
