package org.nigrani.console.incident;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reach of an incident over time as the coordinates of an inline SVG line chart, computed on the server (the
 * page runs no scripts). The template draws it; nothing here is markup, so every label is still escaped there.
 *
 * @param points the polyline's points, "x,y x,y …", empty when there are fewer than two
 * @param dots one per point, with a label for its tooltip
 */
public record ReachChart(int width, int height, String points, List<Dot> dots, String maxLabel, String minLabel,
        String startLabel, String endLabel, String description) {

    static final int WIDTH = 640;
    static final int HEIGHT = 180;
    static final int LEFT = 70;
    static final int RIGHT = 10;
    static final int TOP = 10;
    static final int BOTTOM = 30;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    public ReachChart {
        dots = List.copyOf(dots);
    }

    public record Dot(String x, String y, String label) {}

    public boolean drawable() {
        return dots.size() >= 2;
    }

    /** Bottom of the plot area, for the axis line. */
    public int baseline() {
        return HEIGHT - BOTTOM;
    }

    public int left() {
        return LEFT;
    }

    public int right() {
        return WIDTH - RIGHT;
    }

    static ReachChart of(List<IncidentView.ReachPoint> history) {
        List<long[]> pts = new ArrayList<>();
        for (IncidentView.ReachPoint p : history) {
            try {
                pts.add(new long[] {Instant.parse(p.at()).toEpochMilli(), p.views()});
            } catch (DateTimeParseException e) {
                // a point the chart cannot place is left out
            }
        }
        if (pts.isEmpty()) {
            return new ReachChart(WIDTH, HEIGHT, "", List.of(), "", "", "", "", "No reach recorded yet.");
        }
        long t0 = pts.get(0)[0];
        long t1 = pts.get(pts.size() - 1)[0];
        long vMin = pts.stream().mapToLong(p -> p[1]).min().orElse(0);
        long vMax = pts.stream().mapToLong(p -> p[1]).max().orElse(0);
        long lo = Math.min(0, vMin);
        double spanT = Math.max(1, t1 - t0);
        double spanV = Math.max(1, vMax - lo);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder line = new StringBuilder();
        List<Dot> dots = new ArrayList<>();
        for (long[] p : pts) {
            double x = LEFT + (pts.size() == 1 ? plotW : (p[0] - t0) / spanT * plotW);
            double y = TOP + plotH - (p[1] - lo) / spanV * plotH;
            String xs = coordinate(x);
            String ys = coordinate(y);
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(xs).append(',').append(ys);
            dots.add(new Dot(xs, ys, String.format(Locale.ROOT, "%,d views at %s UTC", p[1], WHEN.format(Instant.ofEpochMilli(p[0])))));
        }
        String description = String.format(Locale.ROOT, "Views from %,d to %,d between %s and %s UTC (%d points).",
                pts.get(0)[1], pts.get(pts.size() - 1)[1], WHEN.format(Instant.ofEpochMilli(t0)), WHEN.format(Instant.ofEpochMilli(t1)),
                pts.size());
        return new ReachChart(WIDTH, HEIGHT, pts.size() >= 2 ? line.toString() : "", dots, String.format(Locale.ROOT, "%,d", vMax),
                String.format(Locale.ROOT, "%,d", lo), WHEN.format(Instant.ofEpochMilli(t0)), WHEN.format(Instant.ofEpochMilli(t1)),
                description);
    }

    private static String coordinate(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
