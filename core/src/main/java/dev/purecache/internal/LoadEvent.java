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

  @Label("Key Type")
  @Description("Class name of the key")
  String keyType;

  @Label("Outcome")
  @Description("success, failure (the loader threw), timeout or cancelled (nobody waited any more)")
  String outcome;

  @Label("Callers")
  @Description("Callers that shared this load: the one that started it plus those that joined it")
  int callers = 1;

  @Label("Policy")
  @Description("Eviction policy of the cache: LRU, LFU, TTL or LRU_TTL")
  String policy;

  /** Names the outcome of a flight completed exceptionally with {@code outcome}. */
  static String outcomeOf(Throwable outcome, Throwable timedOut) {
    return outcome == timedOut ? TIMEOUT : FAILURE;
  }

  /** Returns a begun event if a recording enables this event type, else null (nothing allocated). */
  static LoadEvent beginIfEnabled() {
    LoadEvent event = new LoadEvent();
    if (!event.isEnabled()) {
      return null;
    }
    event.begin();
    return event;
  }

  /** One more caller joined the flight; the caller holds the flight's stripe lock. */
  static void joined(LoadEvent event) {
    if (event != null) {
      event.callers++;
    }
  }

  /**
   * Ends and commits the event of a flight whose outcome is decided. The caller decided it under
   * the stripe lock, so {@link #callers} is final and visible.
   */
  static void end(LoadEvent event, Object key, Policy policy, String outcome) {
    if (event == null) {
      return;
    }
    event.end();
    if (event.shouldCommit()) {
      event.keyType = key.getClass().getName();
      event.policy = policy.name();
      event.outcome = outcome;
      event.commit();
    }
  }
}
