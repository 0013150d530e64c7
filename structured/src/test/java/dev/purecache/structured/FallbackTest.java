package dev.purecache.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.LoadEngine;
import dev.purecache.probe.EngineProbe;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link EngineProbe} in fresh JVMs (this JDK's {@code java}) with the core jar and a jar of
 * this module present, with and without {@code --enable-preview}, on the class path and on the
 * module path: without preview the core must pick its portable engine without error.
 */
class FallbackTest {
  @TempDir static Path dir;
  private static Path coreJar;
  private static Path structuredJar;
  private static Path probeClasses;

  @BeforeAll
  static void jars() throws Exception {
    coreJar = location(LoadEngine.class);
    probeClasses = location(EngineProbe.class);
    structuredJar = dir.resolve("purecache-structured.jar");
    jar(location(StructuredTaskScopeEngine.class), structuredJar);
  }

  private static Path location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Packs the module's classes and services file the way the build's jar does. */
  private static void jar(Path classes, Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Automatic-Module-Name", "dev.purecache.structured");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, j);
        j.closeEntry();
      }
    }
  }

  private record Run(int exit, String out, String err) {}

  private static Run java(List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(args);
    command.add(EngineProbe.class.getName());
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(dir.resolve("out.txt")),
        Files.readString(dir.resolve("err.txt")));
  }

  private static String classPath(Path... entries) {
    return String.join(File.pathSeparator, Stream.of(entries).map(Path::toString).toList());
  }

  @Test
  void classPathWithoutPreviewFallsBackToThePortableEngine() throws Exception {
    Run run = java(List.of("-cp", classPath(coreJar, structuredJar, probeClasses)));
    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("default=virtual-threads")
        .contains("engine=virtual-threads")
        .contains("value=k-loaded")
        .contains("provider=structured-task-scope usable=false")
        .doesNotContain("provider-error");
  }

  @Test
  void classPathWithPreviewPicksTheStructuredEngine() throws Exception {
    Run run =
        java(List.of("--enable-preview", "-cp", classPath(coreJar, structuredJar, probeClasses)));
    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("default=structured-task-scope")
        .contains("engine=structured-task-scope")
        .contains("value=k-loaded")
        .contains("provider=structured-task-scope usable=true");
  }

  @Test
  void modulePathWithoutPreviewFallsBackToThePortableEngine() throws Exception {
    Run run =
        java(
            List.of(
                "-p", classPath(coreJar, structuredJar),
                "--add-modules", "ALL-MODULE-PATH",
                "-cp", probeClasses.toString()));
    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("default=virtual-threads")
        .contains("module=dev.purecache")
        .contains("value=k-loaded");
  }

  @Test
  void modulePathWithPreviewPicksTheStructuredEngine() throws Exception {
    Run run =
        java(
            List.of(
                "--enable-preview",
                "-p", classPath(coreJar, structuredJar),
                "--add-modules", "ALL-MODULE-PATH",
                "-cp", probeClasses.toString()));
    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("default=structured-task-scope")
        .contains("module=dev.purecache.structured")
        .contains("engine=structured-task-scope")
        .contains("value=k-loaded");
  }
}
