package dev.ssekit.bench.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Small PNG charts drawn with Java2D (headless), so a run produces its own pictures. */
public final class Charts {

  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd)
  };
  private static final int W = 900;
  private static final int H = 500;
  private static final int LEFT = 90;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 110;

  private Charts() {}

  /** Grouped bars: one group per label, one bar per series. */
  public static void bars(File out, String title, String unit, List<String> groups, Map<String, double[]> series)
      throws IOException {
    BufferedImage img = canvas();
    Graphics2D g = img.createGraphics();
    setUp(g, title);
    double max = 0;
    for (double[] values : series.values()) {
      for (double v : values) {
        max = Math.max(max, v);
      }
    }
    max = max <= 0 ? 1 : max * 1.1;
    axes(g, max, unit);
    int plotW = W - LEFT - RIGHT;
    int groupW = plotW / Math.max(1, groups.size());
    int barW = Math.max(4, (groupW - 16) / Math.max(1, series.size()));
    int s = 0;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      g.setColor(PALETTE[s % PALETTE.length]);
      for (int i = 0; i < groups.size(); i++) {
        double v = e.getValue()[i];
        int h = (int) ((H - TOP - BOTTOM) * (v / max));
        int x = LEFT + i * groupW + 8 + s * barW;
        g.fillRect(x, H - BOTTOM - h, barW - 2, h);
      }
      legend(g, s, e.getKey());
      s++;
    }
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int i = 0; i < groups.size(); i++) {
      int x = LEFT + i * groupW + 4;
      g.drawString(groups.get(i), x, H - BOTTOM + 16);
    }
    g.dispose();
    write(img, out);
  }

  /** Cumulative distributions: x is the value (log scale), y the fraction at or below it. */
  public static void cdf(File out, String title, String unit, Map<String, long[]> sortedSeries) throws IOException {
    BufferedImage img = canvas();
    Graphics2D g = img.createGraphics();
    setUp(g, title);
    long max = 1;
    for (long[] v : sortedSeries.values()) {
      if (v.length > 0) {
        max = Math.max(max, v[v.length - 1]);
      }
    }
    double logMax = Math.log10(Math.max(10, max));
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    g.setColor(Color.GRAY);
    g.drawLine(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
    g.drawLine(LEFT, TOP, LEFT, H - BOTTOM);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int d = 0; d <= Math.ceil(logMax); d++) {
      int x = LEFT + (int) (plotW * d / logMax);
      if (x <= W - RIGHT) {
        g.drawString((long) Math.pow(10, d) + " " + unit, x - 10, H - BOTTOM + 16);
      }
    }
    for (int p = 0; p <= 100; p += 25) {
      int y = H - BOTTOM - plotH * p / 100;
      g.drawString(p + "%", LEFT - 40, y + 4);
    }
    int s = 0;
    for (Map.Entry<String, long[]> e : sortedSeries.entrySet()) {
      long[] v = e.getValue();
      g.setColor(PALETTE[s % PALETTE.length]);
      g.setStroke(new BasicStroke(2f));
      int px = -1;
      int py = -1;
      int step = Math.max(1, v.length / 2000);
      for (int i = 0; i < v.length; i += step) {
        int x = LEFT + (int) (plotW * Math.log10(Math.max(1, v[i])) / logMax);
        int y = H - BOTTOM - (int) ((long) plotH * (i + 1) / v.length);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      legend(g, s, e.getKey());
      s++;
    }
    g.dispose();
    write(img, out);
  }

  private static BufferedImage canvas() {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.dispose();
    return img;
  }

  private static void setUp(Graphics2D g, String title) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, LEFT, 28);
  }

  private static void axes(Graphics2D g, double max, String unit) {
    g.setColor(Color.GRAY);
    g.drawLine(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
    g.drawLine(LEFT, TOP, LEFT, H - BOTTOM);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int i = 0; i <= 4; i++) {
      int y = H - BOTTOM - (H - TOP - BOTTOM) * i / 4;
      g.drawString(String.format("%.3g", max * i / 4), 8, y + 4);
    }
    g.drawString(unit, 8, TOP - 8);
  }

  private static void legend(Graphics2D g, int index, String name) {
    int x = LEFT + index * 190;
    int y = H - 30;
    g.fillRect(x, y - 10, 12, 12);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(name, x + 18, y);
  }

  private static void write(BufferedImage img, File out) throws IOException {
    File dir = out.getAbsoluteFile().getParentFile();
    if (dir != null && !dir.isDirectory() && !dir.mkdirs()) {
      throw new IOException("cannot create " + dir);
    }
    ImageIO.write(img, "png", out);
  }
}
