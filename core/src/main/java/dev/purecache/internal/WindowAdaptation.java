package dev.purecache.internal;

/**
 * How an {@link AdaptivePolicy} stripe tunes itself as it runs: the window's target size, whether
 * admission is strict, and the record of admissions on trial, all moved by what misses and the
 * main space's scan say. Not thread-safe: the policy calls it under the stripe lock, never from a
 * hit.
 *
 * <h2>Implementation overview</h2>
 *
 * <p><b>The window's target</b> (ARC's rule, measured on misses only) starts at {@link
 * #INITIAL_WINDOW} of the capacity (at least one entry) and moves by one entry per miss on a
 * <em>ghost</em>, a recently evicted key remembered by a fingerprint:
 *
 * <ul>
 *   <li>a key the window rejected (admission lost) that misses again within {@code capacity / 8}
 *       misses grows the target by one, up to {@code capacity - 1}: a window larger by that many
 *       misses would still have held it;
 *   <li>a key evicted from the main space (probation or protected) that misses again within
 *       {@code windowTarget + capacity / 10} main evictions shrinks it by one, down to one entry:
 *       a main space larger by that many evictions would still have held it.
 * </ul>
 *
 * A window ghost counts only for an eighth of the capacity (a sixteenth while trials lose, see
 * below): one that comes back later would need a much larger window to be held, and counting it
 * misleads. In a cyclic scan longer than the cache, every key the window rejects comes back after
 * about as many misses as the scan is longer than the cache; with a limit of half the capacity
 * those ghosts grew the window where only a small one holds anything, and on Zipf traces they kept
 * the window larger than the hit ratio wants. With a weigher, sizes and steps are in entries of
 * the stripe's mean weight, which the policy passes with every call.
 *
 * <p>The two kinds compete in one {@link GhostTable}: one {@code int} per 4 entries of the stripe
 * (1 byte per cached entry) in buckets of 4, each ghost a 15-bit fingerprint of its key's hash,
 * its kind (with a flag on a main ghost evicted for a candidate on trial), and a 15-bit tick of
 * its clock when it left (misses for the window, main evictions for the main space), scaled so
 * that ages up to {@code 8 * capacity} fit. Live ghosts number about {@code 0.23 * capacity} at
 * the smallest window ({@code capacity / 8} window ghosts, {@code windowTarget + capacity / 10}
 * main ones) and more as the window grows, so buckets fill; a full bucket gives up a stale ghost
 * first, then the oldest of the new ghost's kind, so the table keeps the most recent ghosts, the
 * ones most likely to come back within their limits. Recording a ghost and looking up a miss are
 * O(1); a hit never touches the table. Two keys share a fingerprint in a bucket with probability
 * about {@code 4 / 32,768} per miss, and ages wrap after {@code 2^15} ticks (no ghost older than
 * half that counts as live): a ghost left untouched that long, or a foreign key with its
 * fingerprint, may count as live once, which at worst moves the target by one.
 *
 * <p><b>Strict admission</b> is the adaptation's one step beyond the smallest window. A main ghost
 * that finds the target at one entry cannot shrink the window further: it makes admission strict
 * instead, so that a candidate must beat the main victim by two sketch counts rather than one.
 * Main keys that keep coming back soon after their eviction while the window is already as small
 * as it can be say that the main space loses them to candidates no more frequent, only counted
 * more recently (as in a cyclic scan slightly longer than the cache, where every key has the same
 * count but for the current round). The next window ghost makes admission normal again and leaves
 * the target as it is: that step back undoes the last step forward.
 *
 * <p><b>Admission on trial.</b> A candidate one count ahead of its victim is often ahead only
 * because it was counted more recently: in a scan that goes back and forth over more keys than the
 * cache holds, every key has the same count but for the current pass, and admitting on that edge
 * turns the main space over in CLOCK order, which such a scan punishes, where a static main space
 * would hit on most of each pass. So the policy marks such a candidate {@link
 * AdaptivePolicy#TRIAL} in probation and flags its victim's ghost ({@link
 * GhostTable#TRIAL_VICTIM}); {@link #trialRecord} keeps the score. It rises by one when the scan
 * finds a candidate on trial hit in probation (the admission paid, {@link #onTrialHit}), and falls
 * by one when a flagged victim misses again while still a live main ghost (the admission cost a
 * hit soon after). It starts at -1 ({@link #INITIAL_TRIAL_RECORD}): a new stripe has no evidence
 * that the edge pays, so the incumbent keeps its place until a first trial has paid, or until the
 * sketch first halves. From a cold start, a cyclic scan makes every key of its second pass one
 * count ahead of the keys the first pass left, and admitting them all would turn the main space
 * over before any of it is hit. While the record is below 0, trials lose ({@link #trialsLose}):
 * the policy lets a one-count edge admit only when a draw allows it (1 in {@code
 * TRIAL_SAMPLE_MASK + 1}), so that the record goes on being measured and can turn, and a window
 * ghost counts for a sixteenth of the capacity instead of an eighth, since a larger window is more
 * of the same turnover. Each time the sketch halves its counters the record is halved too, toward
 * 0 ({@link #onSampleEnd}), so that it reflects recent trials and a record earned in one phase of
 * a workload does not hold back the next: where admissions pay again (a hot set that moves), it
 * climbs back above 0 and the one-count edge admits as before.
 */
final class WindowAdaptation {
  /**
   * The window's first target, as a share of the capacity (at least one entry); its smallest is
   * one entry (of the mean weight, with a weigher).
   */
  static final double INITIAL_WINDOW = 0.01;

  /**
   * The trial record of a new stripe: below 0, so that the one-count edge admits on a draw only
   * until a candidate on trial has been hit in probation.
   */
  static final int INITIAL_TRIAL_RECORD = -1;

  /** The bound of {@link #trialRecord} either side of 0. */
  static final int TRIAL_RECORD_LIMIT = 16;

  /**
   * While trials lose, a one-count edge admits when these low bits of a random draw are all 0, so
   * that a few trials go on and the record can turn.
   */
  static final int TRIAL_SAMPLE_MASK = 15;

  /** The stripe's maximum: its capacity in entries, or its maximum weight with a weigher. */
  private final int capacity;
  private int windowTarget;
  /**
   * Whether a candidate must beat the main victim by two sketch counts, not one: set by a main
   * ghost that finds the window at its smallest, cleared by the next window ghost.
   */
  private boolean strict;
  /**
   * How admissions on trial have gone lately, from {@code -TRIAL_RECORD_LIMIT} to {@code
   * TRIAL_RECORD_LIMIT}: up one when a candidate on trial is found hit in probation, down one when
   * the key evicted to make room for one misses again while still a live main ghost.
   */
  private int trialRecord;
  /** Recently evicted keys, whose misses move {@link #windowTarget}. */
  private GhostTable ghosts;

  /** Starts a stripe of {@code capacity} with a ghost table for {@code tableEntries} entries. */
  WindowAdaptation(int capacity, int tableEntries) {
    this.capacity = capacity;
    this.windowTarget = Math.max(1, (int) (capacity * INITIAL_WINDOW));
    this.trialRecord = INITIAL_TRIAL_RECORD;
    this.ghosts = new GhostTable(tableEntries);
  }

  /** Sizes the ghost table for {@code tableEntries} entries, afresh; its clocks go on. */
  void resize(int tableEntries) {
    ghosts = new GhostTable(tableEntries, ghosts);
  }

  /** Returns the window's target: an entry count, or a weight with a weigher. */
  int windowTarget() {
    return windowTarget;
  }

  /** Returns whether a candidate must beat the main victim by two sketch counts. */
  boolean strict() {
    return strict;
  }

  /** Returns the record of admissions on trial. */
  int trialRecord() {
    return trialRecord;
  }

  /** Returns whether trials lose: the record is below 0. */
  boolean trialsLose() {
    return trialRecord < 0;
  }

  /** Counts a candidate on trial found hit in probation. */
  void onTrialHit() {
    trialRecord = Math.min(TRIAL_RECORD_LIMIT, trialRecord + 1);
  }

  /** Halves the trial record, toward 0, as the sketch halves its counters. */
  void onSampleEnd() {
    trialRecord /= 2;
  }

  /** Remembers a key the window rejected. */
  void onRejected(int hash, long meanWeight) {
    ghosts.rememberRejected(hash, windowGhostLimit(meanWeight), mainGhostLimit(meanWeight));
  }

  /** Remembers a key evicted from the main space, flagged if it made room for one on trial. */
  void onEvicted(int hash, boolean forTrial, long meanWeight) {
    ghosts.rememberEvicted(
        hash, forTrial, windowGhostLimit(meanWeight), mainGhostLimit(meanWeight));
  }

  /**
   * On a miss of {@code hash}: a live window ghost grows the target by one entry (or, if
   * admission is strict, makes it normal); a live main ghost shrinks it by one (or, at one entry,
   * makes admission strict), and if it made room for a candidate on trial, lowers the record.
   */
  void onMiss(int hash, long meanWeight) {
    int live = ghosts.miss(hash, windowGhostLimit(meanWeight), mainGhostLimit(meanWeight));
    if (live == GhostTable.NO_GHOST) {
      return;
    }
    if (live == GhostTable.EVICTED_FOR_TRIAL) {
      trialRecord = Math.max(-TRIAL_RECORD_LIMIT, trialRecord - 1);
    }
    int step = (int) meanWeight;
    if (live == GhostTable.REJECTED) {
      if (strict) {
        strict = false;
      } else {
        windowTarget = (int) Math.min(capacity - 1L, (long) windowTarget + step);
      }
    } else if (windowTarget > step) {
      windowTarget = Math.max(step, windowTarget - step);
    } else {
      strict = true;
    }
  }

  /** The greatest age of a live window ghost, in misses: capacity / 8 (/ 16 while trials lose). */
  private long windowGhostLimit(long meanWeight) {
    return capacity / meanWeight / (trialsLose() ? 16 : 8);
  }

  /** The greatest age of a live main ghost, in main evictions: the target and capacity / 10. */
  private long mainGhostLimit(long meanWeight) {
    return windowTarget / meanWeight + capacity / meanWeight / 10;
  }
}
