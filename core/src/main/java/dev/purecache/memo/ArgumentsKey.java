package dev.purecache.memo;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * The cache key of a call whose argument list is not a key by itself (see {@link Memoizer}, Keys):
 * no arguments, several arguments, or one argument that is {@code null} or an array.
 *
 * <p>Two keys are equal when {@link Arrays#deepEquals} holds for their arguments: each argument by
 * its own {@code equals}, arrays (primitive or not, nested or not) by content, {@code null} equal
 * to {@code null}. So {@code (1, 2)} and {@code (2, 1)} differ, {@code Integer 1} and {@code Long
 * 1L} differ, and two arrays of equal contents are one key. The key compares deep copies of the
 * array arguments, so a caller that changes its array afterwards cannot corrupt a cached key; it
 * copies nothing when no argument is an array. The hash is computed once.
 *
 * <p>A key with array arguments also carries the caller's own arguments to the one load it may
 * start ({@link #callArgumentsOf}), so the memoized code runs with the very arguments it was given
 * while the stored key keeps only its copies, and drops them then. A cache hands a loader the key
 * of the call that started the load, after a happens-before edge from that call, and only that
 * load takes them, so the field needs no synchronisation. Keys without arrays never change.
 */
final class ArgumentsKey {
  /** The key of every call without arguments. */
  static final ArgumentsKey NONE = new ArgumentsKey(new Object[0]);

  /** The compared arguments: the given array if it holds no array, else a deep copy of it. */
  private final Object[] arguments;

  private final int hash;

  /** The given array while {@link #arguments} is a copy and no load has taken it; else null. */
  private Object[] callerArguments;

  /** A key for {@code arguments}, an array this key may keep (the caller does not change it). */
  ArgumentsKey(Object[] arguments) {
    Object[] compared = copyArrays(arguments);
    this.arguments = compared;
    this.hash = Arrays.deepHashCode(compared);
    this.callerArguments = compared == arguments ? null : arguments;
  }

  /**
   * Returns the key of a call with one argument: the argument itself if it is neither {@code
   * null} nor an array (nor, which only a removal listener could hand out, a key of this class),
   * else a key of this class. Allocates nothing in the first case.
   */
  static Object of(Object argument) {
    return isItsOwnKey(argument) ? argument : new ArgumentsKey(new Object[] {argument});
  }

  /**
   * Returns the key of a call with {@code arguments} ({@code null} for none, as a proxy passes
   * them), an array this key may keep.
   */
  static Object ofAll(Object[] arguments) {
    if (arguments == null || arguments.length == 0) {
      return NONE;
    }
    if (arguments.length == 1 && isItsOwnKey(arguments[0])) {
      return arguments[0];
    }
    return new ArgumentsKey(arguments);
  }

  private static boolean isItsOwnKey(Object argument) {
    return argument != null
        && !argument.getClass().isArray()
        && !(argument instanceof ArgumentsKey);
  }

  /**
   * Returns the argument list that {@code key} (made by {@link #of} or {@link #ofAll}) stands
   * for, as the call that made it passed it (the first time; its copies after that).
   */
  static Object[] callArgumentsOf(Object key) {
    return key instanceof ArgumentsKey arguments
        ? arguments.takeCallArguments()
        : new Object[] {key};
  }

  /**
   * Returns the one argument that {@code key} (made by {@link #of}) stands for, as the call that
   * made it passed it (the first time; its copy after that).
   */
  static Object callArgumentOf(Object key) {
    return key instanceof ArgumentsKey arguments ? arguments.takeCallArguments()[0] : key;
  }

  /**
   * Returns the arguments of the call that made this key, and forgets the caller's arrays; later
   * (a second load of this very key object), fresh copies, so the memoized code never holds the
   * arrays this key compares.
   */
  private Object[] takeCallArguments() {
    Object[] caller = callerArguments;
    if (caller == null) {
      return copyArrays(arguments);
    }
    callerArguments = null;
    return caller;
  }

  /** Returns {@code arguments} itself if it holds no array, else a copy with each array copied. */
  private static Object[] copyArrays(Object[] arguments) {
    Object[] copy = null;
    for (int i = 0; i < arguments.length; i++) {
      Object argument = arguments[i];
      if (argument != null && argument.getClass().isArray()) {
        if (copy == null) {
          copy = arguments.clone();
        }
        copy[i] = deepCopy(argument);
      }
    }
    return copy == null ? arguments : copy;
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
