package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.MonitorInstruction;
import java.lang.reflect.AccessFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads every compiled class of the core and fails on a monitor: a {@code synchronized} method
 * or a {@code monitorenter} instruction, which pins a virtual thread to its carrier on JDK 21 to
 * 23 while it blocks.
 */
class NoMonitorsTest {

  @Test
  void theCoreHasNoSynchronizedMethodsOrBlocks() throws Exception {
    Path classes = Path.of(Cache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).toList();
    }
    assertThat(files).hasSizeGreaterThan(30);
    List<String> monitors = new ArrayList<>();
    for (Path file : files) {
      monitors.addAll(monitorsIn(Files.readAllBytes(file)));
    }
    assertThat(monitors).isEmpty();
  }

  /** The scan itself must see monitors: it finds both kinds in a class that has them. */
  @Test
  void theScanFindsMonitorsInAClassThatUsesThem() throws IOException {
    byte[] bytes;
    try (var in = WithMonitors.class.getResourceAsStream("NoMonitorsTest$WithMonitors.class")) {
      bytes = in.readAllBytes();
    }
    assertThat(monitorsIn(bytes))
        .containsExactlyInAnyOrder(
            "dev/purecache/NoMonitorsTest$WithMonitors.method: ACC_SYNCHRONIZED",
            "dev/purecache/NoMonitorsTest$WithMonitors.block: monitorenter");
  }

  static List<String> monitorsIn(byte[] classBytes) {
    ClassModel model = ClassFile.of().parse(classBytes);
    String owner = model.thisClass().asInternalName();
    List<String> found = new ArrayList<>();
    for (MethodModel method : model.methods()) {
      String where = owner + "." + method.methodName().stringValue();
      if (method.flags().has(AccessFlag.SYNCHRONIZED)) {
        found.add(where + ": ACC_SYNCHRONIZED");
      }
      method
          .code()
          .ifPresent(
              (CodeModel code) ->
                  code.forEach(
                      element -> {
                        if (element instanceof MonitorInstruction m
                            && m.opcode() == Opcode.MONITORENTER) {
                          found.add(where + ": monitorenter");
                        }
                      }));
    }
    return found;
  }

  /** A deliberately pinning class, the scan's positive control. */
  static final class WithMonitors {
    private final Object lock = new Object();
    private int count;

    synchronized void method() {
      count++;
    }

    void block() {
      synchronized (lock) {
        count++;
      }
    }
  }
}
