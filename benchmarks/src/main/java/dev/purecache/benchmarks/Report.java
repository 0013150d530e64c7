package dev.purecache.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Turns the JMH JSON results and the replayer's CSV into PNG charts and Markdown tables.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.purecache.benchmarks.Report [resultsDir]}. Reads
 * {@code getput-t1.json}, {@code getput-t2.json}, {@code compute-t1.json},
 * {@code compute-t2.json}, {@code hitratio.csv}, {@code stampede.csv} and {@code memory.csv}
 * where present; writes {@code throughput-t*.png}
 * (and {@code throughput-fill<N>-t*.png} for a run with {@code -p fillPercent=N}), {@code
 * compute-t*.png}, {@code hitratio.png} and {@code report.md} beside them.
 */
public final class Report {
  private Report() {}

  /**
   * One JMH score; {@code cache} and {@code fill} are empty for benchmarks without a {@code
   * cacheType} or a {@code fillPercent}.
   */
  record Score(
      String method,
      String cache,
      String fill,
      int threads,
      double score,
      double error,
      double[] forkMeans) {}

  /** One replayer row. */
  record HitRatio(String trace, int size, String policy, int stripes, double ratio) {}

  /** Writes the charts and the tables. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "results");
    StringBuilder md = new StringBuilder();
    for (String prefix : new String[] {"getput", "compute"}) {
      for (int threads : new int[] {1, 2}) {
        Path json = dir.resolve(prefix + "-t" + threads + ".json");
        if (!Files.exists(json)) {
          continue;
        }
        for (Map.Entry<String, List<Score>> fill : byFill(readJmh(json)).entrySet()) {
          String title =
              (prefix.equals("getput") ? "Throughput" : "computeIfAbsent hit")
                  + ", " + threads + (threads == 1 ? " thread" : " threads")
                  + fillTitle(fill.getKey()) + " (ops/us)";
          md.append("### ").append(title).append("\n\n")
              .append(throughputTable(fill.getValue())).append('\n');
          String png = (prefix.equals("getput") ? "throughput" : prefix)
              + fillSuffix(fill.getKey()) + "-t" + threads + ".png";
          BitmapEncoder.saveBitmap(throughputChart(title, fill.getValue()),
              dir.resolve(png).toString(), BitmapEncoder.BitmapFormat.PNG);
        }
      }
    }
    Path csv = dir.resolve("hitratio.csv");
    if (Files.exists(csv)) {
      List<HitRatio> rows = readCsv(csv);
      md.append("### Hit ratio (%)\n\n").append(hitRatioTable(rows)).append('\n');
      ImageIO.write(hitRatioCharts(rows), "png", dir.resolve("hitratio.png").toFile());
    }
    Path stampede = dir.resolve("stampede.csv");
    if (Files.exists(stampede)) {
      md.append("### Stampede\n\n").append(StampedeTables.tables(stampede)).append('\n');
    }
    Path memory = dir.resolve("memory.csv");
    if (Files.exists(memory)) {
      md.append("### Memory\n\n").append(MemoryTable.table(memory)).append('\n');
    }
    Files.writeString(dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
    System.out.print(md);
  }

  static List<Score> readJmh(Path json) throws IOException {
    List<Score> scores = new ArrayList<>();
    for (JsonElement e : JsonParser.parseString(Files.readString(json)).getAsJsonArray()) {
      JsonObject o = e.getAsJsonObject();
      String benchmark = o.get("benchmark").getAsString();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      JsonObject params = o.getAsJsonObject("params");
      String cache = param(params, "cacheType");
      String fill = param(params, "fillPercent");
      JsonObject metric = o.getAsJsonObject("primaryMetric");
      double error = metric.get("scoreError").isJsonPrimitive()
          && metric.get("scoreError").getAsJsonPrimitive().isNumber()
          ? metric.get("scoreError").getAsDouble() : Double.NaN;
      scores.add(new Score(method, cache, fill, o.get("threads").getAsInt(),
          metric.get("score").getAsDouble(), error, forkMeans(metric.getAsJsonArray("rawData"))));
    }
    return scores;
  }

  private static String param(JsonObject params, String name) {
    return params != null && params.has(name) ? params.get(name).getAsString() : "";
  }

  /** The scores of each {@code fillPercent}, in the order of the results. */
  static Map<String, List<Score>> byFill(List<Score> scores) {
    Map<String, List<Score>> byFill = new LinkedHashMap<>();
    for (Score s : scores) {
      byFill.computeIfAbsent(s.fill, f -> new ArrayList<>()).add(s);
    }
    return byFill;
  }

  /** A fill of 0 (or none) is the benchmark's own shape, named by nothing. */
  static boolean ownShape(String fill) {
    return fill.isEmpty() || fill.equals("0");
  }

  private static String fillTitle(String fill) {
    return ownShape(fill) ? "" : ", cache " + fill + "% full";
  }

  private static String fillSuffix(String fill) {
    return ownShape(fill) ? "" : "-fill" + fill;
  }

  /** The mean of each fork's iterations. */
  private static double[] forkMeans(JsonArray forks) {
    double[] means = new double[forks.size()];
    for (int f = 0; f < forks.size(); f++) {
      JsonArray iterations = forks.get(f).getAsJsonArray();
      double sum = 0;
      for (JsonElement v : iterations) {
        sum += v.getAsDouble();
      }
      means[f] = sum / iterations.size();
    }
    return means;
  }

  static String throughputTable(List<Score> scores) {
    Set<String> methods = new LinkedHashSet<>();
    Set<String> caches = new LinkedHashSet<>();
    Map<String, Score> byKey = new LinkedHashMap<>();
    for (Score s : scores) {
      methods.add(s.method);
      caches.add(s.cache);
      byKey.put(s.method + "/" + s.cache, s);
    }
    StringBuilder t = new StringBuilder("| cache |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String m : methods) {
      t.append(' ').append(m).append(" | vs Caffeine | vs CHM |");
      rule.append("---:|---:|---:|");
    }
    t.append('\n').append(rule).append('\n');
    for (String c : caches) {
      t.append("| ").append(c).append(" |");
      for (String m : methods) {
        Score s = byKey.get(m + "/" + c);
        Score caffeine = byKey.get(m + "/CAFFEINE");
        Score chm = byKey.get(m + "/CHM");
        if (s == null) {
          t.append(" | | |");
          continue;
        }
        t.append(String.format(Locale.ROOT, " %.1f ± %.1f | %s | %s |", s.score, s.error,
            ratio(s, caffeine), ratio(s, chm)));
      }
      t.append('\n');
    }
    return t.toString();
  }

  private static String ratio(Score s, Score base) {
    return base == null ? "" : String.format(Locale.ROOT, "%.2fx", s.score / base.score);
  }

  static CategoryChart throughputChart(String title, List<Score> scores) {
    CategoryChart chart =
        new CategoryChartBuilder().width(1400).height(600).title(title)
            .xAxisTitle("cache").yAxisTitle("ops/us").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisLabelRotation(30);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    Map<String, List<Score>> byMethod = new LinkedHashMap<>();
    for (Score s : scores) {
      byMethod.computeIfAbsent(s.method, m -> new ArrayList<>()).add(s);
    }
    for (Map.Entry<String, List<Score>> e : byMethod.entrySet()) {
      List<String> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      List<Double> err = new ArrayList<>();
      for (Score s : e.getValue()) {
        x.add(s.cache);
        y.add(s.score);
        err.add(Double.isNaN(s.error) ? 0 : s.error);
      }
      chart.addSeries(e.getKey(), x, y, err);
    }
    return chart;
  }

  static List<HitRatio> readCsv(Path csv) throws IOException {
    List<HitRatio> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      rows.add(new HitRatio(f[0], Integer.parseInt(f[1]), f[2], Integer.parseInt(f[3]),
          Double.parseDouble(f[6])));
    }
    return rows;
  }

  static final String[] TABLE_POLICIES = {
    "PURE_ADAPTIVE", "EXACT_LRU", "PURE_LRU", "EXACT_LFU", "PURE_LFU", "EXACT_FIFO", "PURE_TTL", "PURE_LRU_TTL",
    "CAFFEINE", "GUAVA", "CACHE2K"
  };

  static String hitRatioTable(List<HitRatio> rows) {
    Map<String, Map<String, HitRatio>> byConfig = new LinkedHashMap<>();
    for (HitRatio r : rows) {
      byConfig.computeIfAbsent(r.trace + "," + r.size, k -> new LinkedHashMap<>()).put(r.policy, r);
    }
    StringBuilder t = new StringBuilder("| trace | size | stripes |");
    StringBuilder rule = new StringBuilder("|---|---:|---:|");
    for (String p : TABLE_POLICIES) {
      t.append(' ').append(p).append(" |");
      rule.append("---:|");
      if (p.equals("PURE_LRU") || p.equals("PURE_LFU") || p.equals("PURE_ADAPTIVE")) {
        t.append(p.equals("PURE_ADAPTIVE") ? " Δ Caffeine pp |" : " Δ pp |");
        rule.append("---:|");
      }
    }
    t.append('\n').append(rule).append('\n');
    double worstLru = 0;
    double worstLfu = 0;
    double worstAdaptive = Double.MAX_VALUE;
    double sumAdaptive = 0;
    int adaptiveCases = 0;
    for (Map.Entry<String, Map<String, HitRatio>> e : byConfig.entrySet()) {
      Map<String, HitRatio> m = e.getValue();
      String[] key = e.getKey().split(",");
      HitRatio lru = m.get("PURE_LRU");
      t.append("| ").append(key[0]).append(" | ").append(key[1]).append(" | ")
          .append(lru == null ? "" : lru.stripes).append(" |");
      for (String p : TABLE_POLICIES) {
        HitRatio r = m.get(p);
        t.append(r == null ? " |" : String.format(Locale.ROOT, " %.2f |", r.ratio));
        if (p.equals("PURE_ADAPTIVE")) {
          HitRatio caffeine = m.get("CAFFEINE");
          if (r != null && caffeine != null) {
            double d = r.ratio - caffeine.ratio;
            t.append(String.format(Locale.ROOT, " %+.2f |", d));
            worstAdaptive = Math.min(worstAdaptive, d);
            sumAdaptive += d;
            adaptiveCases++;
          } else {
            t.append(" |");
          }
        }
        if (p.equals("PURE_LRU") || p.equals("PURE_LFU")) {
          HitRatio exact = m.get(p.equals("PURE_LRU") ? "EXACT_LRU" : "EXACT_LFU");
          if (r != null && exact != null) {
            double d = r.ratio - exact.ratio;
            t.append(String.format(Locale.ROOT, " %+.2f |", d));
            if (p.equals("PURE_LRU")) {
              worstLru = Math.max(worstLru, Math.abs(d));
            } else {
              worstLfu = Math.max(worstLfu, Math.abs(d));
            }
          } else {
            t.append(" |");
          }
        }
      }
      t.append('\n');
    }
    t.append(String.format(Locale.ROOT,
        "%nLargest deviation from the exact policy at default stripes: LRU %.2f pp, LFU %.2f pp.%n",
        worstLru, worstLfu));
    if (adaptiveCases > 0) {
      t.append(String.format(Locale.ROOT,
          "ADAPTIVE against Caffeine over %d cases: worst %+.2f pp, mean %+.2f pp.%n",
          adaptiveCases, worstAdaptive, sumAdaptive / adaptiveCases));
    }
    return t.toString();
  }

  static final String[] CHART_POLICIES = {
    "PURE_ADAPTIVE", "EXACT_LRU", "PURE_LRU", "EXACT_LFU", "PURE_LFU", "EXACT_FIFO", "PURE_TTL", "CAFFEINE", "GUAVA",
    "CACHE2K"
  };

  static BufferedImage hitRatioCharts(List<HitRatio> rows) {
    Map<String, List<HitRatio>> byTrace = new LinkedHashMap<>();
    for (HitRatio r : rows) {
      byTrace.computeIfAbsent(r.trace, k -> new ArrayList<>()).add(r);
    }
    int w = 700;
    int h = 420;
    int cols = 2;
    int rowsCount = (byTrace.size() + cols - 1) / cols;
    BufferedImage grid =
        new BufferedImage(w * cols, Math.max(1, h * rowsCount), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
    int i = 0;
    for (Map.Entry<String, List<HitRatio>> e : byTrace.entrySet()) {
      CategoryChart chart =
          new CategoryChartBuilder().width(w).height(h).title("hit ratio: " + e.getKey())
              .xAxisTitle("cache size (entries)").yAxisTitle("hit ratio %").build();
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
      chart.getStyler().setChartBackgroundColor(Color.WHITE);
      for (String policy : CHART_POLICIES) {
        List<String> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (HitRatio r : e.getValue()) {
          if (r.policy.equals(policy)) {
            x.add(Integer.toString(r.size));
            y.add(r.ratio);
          }
        }
        if (!x.isEmpty()) {
          chart.addSeries(policy, x, y);
        }
      }
      g.drawImage(BitmapEncoder.getBufferedImage(chart), (i % cols) * w, (i / cols) * h, null);
      i++;
    }
    g.dispose();
    return grid;
  }
}
