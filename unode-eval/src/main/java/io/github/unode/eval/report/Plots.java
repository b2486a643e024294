package io.github.unode.eval.report;

import io.github.unode.eval.TaskResult;
import io.github.unode.eval.metrics.Metrics;
import io.github.unode.internal.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** PNG plots drawn with Java2D (headless): ROC curves and score histograms. */
public final class Plots {
    private static final int W = 640;
    private static final int H = 480;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /** ROC curves of several methods on one task, with their AUROC in the legend. */
    public static synchronized void roc(Path file, String title, List<TaskResult> results) throws IOException {
        BufferedImage img = canvas();
        Graphics2D g = img.createGraphics();
        frame(g, title, "false-positive rate (inliers flagged)", "true-positive rate (novel detected)", 0, 1, 0, 1);
        g.setColor(Color.LIGHT_GRAY);
        g.drawLine(px(0), py(0), px(1), py(1));
        int k = 0;
        for (TaskResult r : results) {
            double[][] roc = Metrics.rocCurve(r.scores(), r.novel());
            g.setColor(PALETTE[k % PALETTE.length]);
            g.setStroke(new BasicStroke(2f));
            for (int i = 1; i < roc[0].length; i++) {
                g.drawLine(px(roc[0][i - 1]), py(roc[1][i - 1]), px(roc[0][i]), py(roc[1][i]));
            }
            legend(g, k, String.format(Locale.ROOT, "%s (AUROC %.1f)", r.method(), 100 * r.metrics().auroc()));
            k++;
        }
        g.dispose();
        write(file, img);
    }

    /** Histograms of the novelty scores of inliers and novel images, with the threshold when there is one. */
    public static synchronized void histogram(Path file, String title, TaskResult r) throws IOException {
        double[] s = r.scores();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        int bins = 40;
        double[][] counts = new double[2][bins];
        int[] totals = new int[2];
        for (int i = 0; i < s.length; i++) {
            int b = Math.min(bins - 1, (int) ((s[i] - lo) / (hi - lo) * bins));
            int cls = r.novel()[i] ? 1 : 0;
            counts[cls][b]++;
            totals[cls]++;
        }
        double max = 0;
        for (int c = 0; c < 2; c++) {
            for (int b = 0; b < bins; b++) {
                counts[c][b] /= Math.max(1, totals[c]);
                max = Math.max(max, counts[c][b]);
            }
        }
        BufferedImage img = canvas();
        Graphics2D g = img.createGraphics();
        frame(g, title, "novelty score", "share of the group", lo, hi, 0, max);
        Color[] colours = {new Color(31, 119, 180, 150), new Color(214, 39, 40, 150)};
        String[] names = {"inliers (" + totals[0] + ")", "novel (" + totals[1] + ")"};
        for (int c = 0; c < 2; c++) {
            g.setColor(colours[c]);
            for (int b = 0; b < bins; b++) {
                int x0 = LEFT + (W - LEFT - RIGHT) * b / bins;
                int x1 = LEFT + (W - LEFT - RIGHT) * (b + 1) / bins;
                int y = TOP + (int) ((H - TOP - BOTTOM) * (1 - counts[c][b] / max));
                g.fillRect(x0, y, x1 - x0 - 1, H - BOTTOM - y);
            }
            legend(g, c, names[c]);
        }
        double t = r.metrics().threshold();
        if (!Double.isNaN(t) && t >= lo && t <= hi) {
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            int x = LEFT + (int) ((W - LEFT - RIGHT) * (t - lo) / (hi - lo));
            g.drawLine(x, TOP, x, H - BOTTOM);
            g.drawString("threshold", x + 4, TOP + 14);
        }
        g.dispose();
        write(file, img);
    }

    private static BufferedImage canvas() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.dispose();
        return img;
    }

    private static double x0;
    private static double x1;
    private static double y0;
    private static double y1;

    private static synchronized void frame(Graphics2D g, String title, String xLabel, String yLabel, double xa, double xb,
            double ya, double yb) {
        x0 = xa;
        x1 = xb;
        y0 = ya;
        y1 = yb;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
        for (int i = 0; i <= 5; i++) {
            double fx = xa + (xb - xa) * i / 5;
            double fy = ya + (yb - ya) * i / 5;
            int x = LEFT + (W - LEFT - RIGHT) * i / 5;
            int y = H - BOTTOM - (H - TOP - BOTTOM) * i / 5;
            g.drawLine(x, H - BOTTOM, x, H - BOTTOM + 4);
            g.drawString(fmt(fx), x - 12, H - BOTTOM + 18);
            g.drawLine(LEFT - 4, y, LEFT, y);
            g.drawString(fmt(fy), 8, y + 4);
        }
        g.drawString(xLabel, LEFT + (W - LEFT - RIGHT) / 2 - 3 * xLabel.length(), H - 20);
        g.drawString(yLabel, 8, TOP - 8);
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static int px(double x) {
        return LEFT + (int) Math.round((W - LEFT - RIGHT) * (x - x0) / (x1 - x0));
    }

    private static int py(double y) {
        return H - BOTTOM - (int) Math.round((H - TOP - BOTTOM) * (y - y0) / (y1 - y0));
    }

    private static void legend(Graphics2D g, int k, String text) {
        Color c = g.getColor();
        int y = H - BOTTOM - 20 - 18 * k;
        g.fillRect(W - RIGHT - 250, y - 9, 14, 10);
        g.setColor(Color.BLACK);
        g.drawString(text, W - RIGHT - 230, y);
        g.setColor(c);
    }

    private static void write(Path file, BufferedImage img) throws IOException {
        AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
    }
}
