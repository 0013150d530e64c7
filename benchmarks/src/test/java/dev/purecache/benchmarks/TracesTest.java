package dev.purecache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracesTest {
  @TempDir Path dir;

  private Path gzip(String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content);
    }
    return file;
  }

  @Test
  void arcLinesExpandToTheirBlocks() throws IOException {
    Path file = gzip("X.lis.gz", "10 3 0 1\n7 1 0 2\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(Traces.read(file)).containsExactly(10, 11, 12, 7);
    assertThat(Traces.name(file)).isEqualTo("X");
  }

  @Test
  void lirsSkipsMarkersBlankLinesAndCarriageReturns() throws IOException {
    Path file = gzip("y.trace.gz", "5\r\n*\r\n6\r\n\r\n5\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(Traces.read(file)).containsExactly(5, 6, 5);
    assertThat(Traces.name(file)).isEqualTo("y");
  }

  @Test
  void cache2kIsBigEndianInts() throws IOException {
    Path file = dir.resolve("web.trace.gz");
    try (DataOutputStream out =
        new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(1);
      out.writeInt(70_000);
      out.writeInt(-2);
    }
    assertThat(Traces.read(file)).containsExactly(1, 70_000, -2);
  }

  @Test
  void exactLruMatchesThePublishedOltpFigures() throws IOException {
    Path oltp = Path.of("../../shared/traces/OLTP.lis.gz");
    assumeTrue(Files.exists(oltp), "shared traces not present");
    long[] keys = Traces.read(oltp);
    assertThat(keys).hasSize(914_145);
    double ratio = 100.0 * TraceReplayer.replay(ReferencePolicy.lru(1000), keys) / keys.length;
    assertThat(ratio).isBetween(32.825, 32.835);
  }
}
