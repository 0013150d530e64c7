package dev.purecache.structured;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes a JSON thread dump of this JVM, the same document as {@code jcmd <pid>
 * Thread.dump_to_file -format=json}, and reads its thread containers.
 */
final class ThreadDumps {
  private ThreadDumps() {}

  /** A thread container of the dump: a scope (or the root), its owner and its threads. */
  record Container(String name, String owner, String parent, List<Map<String, Object>> threads) {
    List<String> threadNames() {
      return threads.stream().map(t -> String.valueOf(t.get("name"))).toList();
    }
  }

  /** Dumps the threads to {@code file} (which must not exist) and returns the raw JSON. */
  static String dump(Path file) throws IOException {
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .dumpThreads(file.toAbsolutePath().toString(), ThreadDumpFormat.JSON);
    return Files.readString(file);
  }

  /** Parses the containers of a dump. */
  @SuppressWarnings("unchecked")
  static List<Container> containers(String json) {
    Map<String, Object> root = (Map<String, Object>) new Parser(json).value();
    Map<String, Object> dump = (Map<String, Object>) root.get("threadDump");
    List<Container> result = new ArrayList<>();
    for (Object o : (List<Object>) dump.get("threadContainers")) {
      Map<String, Object> c = (Map<String, Object>) o;
      result.add(
          new Container(
              String.valueOf(c.get("container")),
              c.get("owner") == null ? null : String.valueOf(c.get("owner")),
              c.get("parent") == null ? null : String.valueOf(c.get("parent")),
              (List<Map<String, Object>>) (List<?>) c.get("threads")));
    }
    return result;
  }

  /** Names of every thread in the dump. */
  static List<String> allThreadNames(String json) {
    List<String> names = new ArrayList<>();
    for (Container c : containers(json)) {
      names.addAll(c.threadNames());
    }
    return names;
  }

  /** A small JSON reader: objects, arrays, strings, numbers, true/false/null. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    Object value() {
      skip();
      char c = s.charAt(i);
      switch (c) {
        case '{' -> {
          i++;
          Map<String, Object> m = new LinkedHashMap<>();
          skip();
          if (s.charAt(i) == '}') {
            i++;
            return m;
          }
          for (; ; ) {
            skip();
            String k = string();
            skip();
            expect(':');
            m.put(k, value());
            skip();
            if (s.charAt(i++) == '}') {
              return m;
            }
          }
        }
        case '[' -> {
          i++;
          List<Object> l = new ArrayList<>();
          skip();
          if (s.charAt(i) == ']') {
            i++;
            return l;
          }
          for (; ; ) {
            l.add(value());
            skip();
            if (s.charAt(i++) == ']') {
              return l;
            }
          }
        }
        case '"' -> {
          return string();
        }
        default -> {
          int start = i;
          while (i < s.length() && ",}] \n\r\t".indexOf(s.charAt(i)) < 0) {
            i++;
          }
          String word = s.substring(start, i);
          return switch (word) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> word;
          };
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      for (char c; (c = s.charAt(i++)) != '"'; ) {
        if (c == '\\') {
          char e = s.charAt(i++);
          switch (e) {
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case 'r' -> b.append('\r');
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'u' -> {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> b.append(e);
          }
        } else {
          b.append(c);
        }
      }
      return b.toString();
    }

    private void expect(char c) {
      if (s.charAt(i) != c) {
        throw new IllegalArgumentException("expected " + c + " at " + i);
      }
      i++;
    }

    private void skip() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
  }
}
