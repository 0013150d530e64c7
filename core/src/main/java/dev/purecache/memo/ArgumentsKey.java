package dev.purecache.memo;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * The cache key of one call of a memoized function or method of several arguments: the identity
 * of the memoized function or method, and every argument in order, compared structurally.
 *
 * <p>Two keys are equal when they have the same owner (by identity) and {@link Arrays#deepEquals}
 * holds for their arguments: each argument by its own {@code equals}, arrays (primitive or not,
 * nested or not) by content. So {@code (1, 2)} and {@code (2, 1)} differ, {@code Integer 1} and
 * {@code Long 1L} differ (as {@code equals} says), and two arrays of equal contents are one key.
 * Arguments may be {@code null}. Arrays are copied (deeply) when a key is made, so a caller that
 * changes its array afterwards cannot corrupt a cached key. The hash is computed once.
 */
final class ArgumentsKey {
  static final Object[] NO_ARGUMENTS = {};

  private final Object owner;
  private final Object[] arguments;
  private final int hash;

  ArgumentsKey(Object owner, Object[] arguments) {
    this.owner = owner;
    this.arguments = copyArrays(arguments);
    this.hash = 31 * System.identityHashCode(owner) + Arrays.deepHashCode(this.arguments);
  }

  private static Object[] copyArrays(Object[] arguments) {
    if (arguments.length == 0) {
      return NO_ARGUMENTS;
    }
    Object[] copy = arguments.clone();
    for (int i = 0; i < copy.length; i++) {
      copy[i] = deepCopy(copy[i]);
    }
    return copy;
  }

  private static Object deepCopy(Object value) {
    if (value == null || !value.getClass().isArray()) {
      return value;
    }
    if (value instanceof Object[] array) {
      Object[] copy = array.clone();
      for (int i = 0; i < copy.length; i++) {
        copy[i] = deepCopy(copy[i]);
      }
      return copy;
    }
    int length = Array.getLength(value);
    Object copy = Array.newInstance(value.getClass().getComponentType(), length);
    System.arraycopy(value, 0, copy, 0, length);
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof ArgumentsKey that
            && hash == that.hash
            && owner == that.owner
            && Arrays.deepEquals(arguments, that.arguments));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Returns the arguments in parentheses, arrays shown by content: {@code (1, [2, 3])}. */
  @Override
  public String toString() {
    String inner = Arrays.deepToString(arguments);
    return "(" + inner.substring(1, inner.length() - 1) + ")";
  }
}
