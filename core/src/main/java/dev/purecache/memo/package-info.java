/**
 * Memoization on purecache caches: {@link dev.purecache.memo.Memoizer} caches the results of
 * functions, suppliers and {@link dev.purecache.memo.Memoized} interface methods by their
 * arguments, with single-flight loads, cached {@code null} results and the code's own exceptions.
 * One key rule holds for every form; {@link dev.purecache.memo.Memoizer} states it. Built on the
 * public API of {@code dev.purecache} only.
 */
package dev.purecache.memo;
