package org.nigrani.console.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart of counts per day, laid out on the server as SVG shapes for a template to draw: no script, and only
 * SVG attributes (the console's CSP forbids inline styles). Each point carries a title, which browsers show on hover.
 */
public record LineChart(int width, int height, Area area, List<Line> lines, List<Point> points, List<Tick> xTicks,
        List<Tick> yTicks) {

    /** Colour-blind-safe (Okabe-Ito, then two greys), one per series in order. */
    public static final List<String> COLOURS = List.of("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
            "#000000", "#999999");

    static final int WIDTH = 720;
    static final int HEIGHT = 240;
    private static final int LEFT = 44;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;

    /** The plotting area inside the axes. */
    public record Area(int x0, int y0, int x1, int y1) {}

    public record Line(String label, String colour, String points, long total) {}

    public record Point(String cx, String cy, String colour, String title) {}

    /** An axis label at {@code at} (x for the time axis, y for the count axis). */
    public record Tick(String at, String text) {}

    public static LineChart of(Dashboard.Timeline timeline) {
        Area area = new Area(LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM);
        List<String> days = timeline.days();
        int n = days.size();
        long max = 1;
        for (Dashboard.Series s : timeline.series()) {
            for (long c : s.perDay()) {
                max = Math.max(max, c);
            }
        }
        long step = niceStep(max);
        long top = (max + step - 1) / step * step;

        List<Line> lines = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < timeline.series().size(); i++) {
            Dashboard.Series s = timeline.series().get(i);
            String colour = COLOURS.get(i % COLOURS.size());
            StringBuilder path = new StringBuilder();
            for (int d = 0; d < n; d++) {
                String x = num(x(area, d, n));
                String y = num(y(area, s.perDay().get(d), top));
                path.append(d == 0 ? "" : " ").append(x).append(',').append(y);
                if (s.perDay().get(d) > 0) {
                    points.add(new Point(x, y, colour, s.label() + ", " + days.get(d) + ": " + s.perDay().get(d)));
                }
            }
            lines.add(new Line(s.label(), colour, path.toString(), s.total()));
        }

        List<Tick> xTicks = new ArrayList<>();
        int every = Math.max(1, (n + 5) / 6);
        for (int d = 0; d < n; d += every) {
            xTicks.add(new Tick(num(x(area, d, n)), days.get(d).substring(5)));
        }
        List<Tick> yTicks = new ArrayList<>();
        for (long v = 0; v <= top; v += step) {
            yTicks.add(new Tick(num(y(area, v, top)), Long.toString(v)));
        }
        return new LineChart(WIDTH, HEIGHT, area, lines, points, xTicks, yTicks);
    }

    public String viewBox() {
        return "0 0 " + width + " " + height;
    }

    private static double x(Area a, int day, int days) {
        return days == 1 ? (a.x0() + a.x1()) / 2.0 : a.x0() + (double) day * (a.x1() - a.x0()) / (days - 1);
    }

    private static double y(Area a, long count, long top) {
        return a.y1() - (double) count * (a.y1() - a.y0()) / top;
    }

    /** A step of 1, 2 or 5 times a power of ten giving at most five gridlines up to {@code max}. */
    static long niceStep(long max) {
        long raw = Math.max(1, (max + 3) / 4);
        long magnitude = 1;
        while (magnitude * 10 <= raw) {
            magnitude *= 10;
        }
        for (long f : new long[] {1, 2, 5, 10}) {
            if (f * magnitude >= raw) {
                return f * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
