package com.greenex.portal.base.ui;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * Charts drawn on the server as SVG (no frontend bundle, no chart library): a line over time, bars,
 * and the merit-order step chart. Values stay exact until they become pixel positions.
 */
public final class Svg {

    public record Point(String label, BigDecimal value) {
    }

    /**
     * The words a chart writes, in the viewer's language.
     *
     * @param noData        "{title}: no data yet" with the title as {0}
     * @param price         the price axis' unit
     * @param otherSide     the other side's total, {0} in kWh
     * @param clearingPrice the clearing price line, {0} the price
     * @param cumulative    the quantity axis, {0} its largest value in kWh
     */
    public record Words(String noData, String price, String otherSide, String clearingPrice, String cumulative) {

        /** From the translations (keys chart.*), {0} left in place. */
        public static Words of(java.util.function.Function<String, String> translation) {
            return new Words(translation.apply("chart.noData"), translation.apply("unit.price"), translation.apply("chart.otherSide"),
                    translation.apply("chart.clearingPrice"), translation.apply("chart.cumulative"));
        }

        static String fill(String pattern, String value) {
            return pattern.replace("{0}", value);
        }
    }

    /** One step of a merit order: a participant's quote and quantity, in quote order. */
    public record Step(String participantId, BigDecimal quote, BigDecimal quantityKwh) {
    }

    private static final int W = 640;
    private static final int H = 240;
    private static final int L = 56;
    private static final int R = 16;
    private static final int T = 16;
    private static final int B = 36;

    private Svg() {
    }

    /** A line through the points, left to right, labels on the x axis (every n-th). */
    public static String line(String title, String unit, List<Point> points, Words words) {
        if (points.isEmpty()) {
            return empty(title, words);
        }
        Range y = Range.of(points.stream().map(Point::value).toList());
        StringBuilder s = open(title);
        axes(s, y, unit);
        StringBuilder path = new StringBuilder();
        int n = points.size();
        for (int i = 0; i < n; i++) {
            double x = L + (n == 1 ? (W - L - R) / 2.0 : i * (W - L - R) / (double) (n - 1));
            double py = y.pixel(points.get(i).value());
            path.append(i == 0 ? "M" : " L").append(f(x)).append(',').append(f(py));
            if (n <= 60) {
                s.append("<circle cx='").append(f(x)).append("' cy='").append(f(py)).append("' r='2.5' fill='#1a7f37'><title>")
                        .append(esc(points.get(i).label())).append(": ").append(points.get(i).value().toPlainString()).append("</title></circle>");
            }
        }
        s.append("<path d='").append(path).append("' fill='none' stroke='#1a7f37' stroke-width='2'/>");
        xLabels(s, points.stream().map(Point::label).toList());
        return s.append("</svg>").toString();
    }

    /**
     * Two series over the same x labels (e.g. scheduled against metered), the first a solid green
     * line, the second a dashed blue one, with a legend naming them.
     */
    public static String twoLines(String title, String unit, List<Point> first, String firstName, List<Point> second, String secondName,
                                  Words words) {
        if (first.isEmpty()) {
            return empty(title, words);
        }
        List<BigDecimal> all = new java.util.ArrayList<>(first.stream().map(Point::value).toList());
        all.addAll(second.stream().map(Point::value).toList());
        Range y = Range.of(all);
        StringBuilder s = open(title);
        axes(s, y, unit);
        int n = first.size();
        String[] colours = {"#1a7f37", "#2f6fb0"};
        List<List<Point>> series = List.of(first, second);
        for (int k = 0; k < 2; k++) {
            StringBuilder path = new StringBuilder();
            List<Point> points = series.get(k);
            for (int i = 0; i < Math.min(n, points.size()); i++) {
                double x = L + (n == 1 ? (W - L - R) / 2.0 : i * (W - L - R) / (double) (n - 1));
                double py = y.pixel(points.get(i).value());
                path.append(i == 0 ? "M" : " L").append(f(x)).append(',').append(f(py));
                if (n <= 60) {
                    s.append("<circle cx='").append(f(x)).append("' cy='").append(f(py)).append("' r='2.5' fill='").append(colours[k]).append("'><title>")
                            .append(esc(k == 0 ? firstName : secondName)).append(' ').append(esc(points.get(i).label())).append(": ")
                            .append(points.get(i).value().toPlainString()).append("</title></circle>");
                }
            }
            s.append("<path d='").append(path).append("' fill='none' stroke='").append(colours[k]).append("' stroke-width='2'")
                    .append(k == 1 ? " stroke-dasharray='6 4'" : "").append("/>");
            s.append("<text x='").append(f(W - R - 150)).append("' y='").append(f(14 + 14 * k)).append("' font-size='11' fill='").append(colours[k])
                    .append("'>").append(k == 1 ? "- - " : "— ").append(esc(k == 0 ? firstName : secondName)).append("</text>");
        }
        xLabels(s, first.stream().map(Point::label).toList());
        return s.append("</svg>").toString();
    }

    /** Vertical bars, one per point. */
    public static String bars(String title, String unit, List<Point> points, Words words) {
        if (points.isEmpty()) {
            return empty(title, words);
        }
        List<BigDecimal> values = new java.util.ArrayList<>(points.stream().map(Point::value).toList());
        values.add(BigDecimal.ZERO);
        Range y = Range.of(values);
        StringBuilder s = open(title);
        axes(s, y, unit);
        int n = points.size();
        double slot = (W - L - R) / (double) n;
        for (int i = 0; i < n; i++) {
            double x = L + i * slot + slot * 0.15;
            double top = y.pixel(points.get(i).value().max(BigDecimal.ZERO));
            double base = y.pixel(BigDecimal.ZERO);
            s.append("<rect x='").append(f(x)).append("' y='").append(f(top)).append("' width='").append(f(slot * 0.7))
                    .append("' height='").append(f(Math.max(0, base - top))).append("' fill='#2f6fb0'><title>")
                    .append(esc(points.get(i).label())).append(": ").append(points.get(i).value().toPlainString()).append("</title></rect>");
        }
        xLabels(s, points.stream().map(Point::label).toList());
        return s.append("</svg>").toString();
    }

    /**
     * The competing side's quotes as steps against cumulative quantity, the other side's total as a
     * vertical line, and the clearing price as a horizontal one.
     */
    public static String meritOrder(String title, List<Step> steps, BigDecimal otherSideKwh, BigDecimal clearingPrice, Words words) {
        if (steps.isEmpty()) {
            return empty(title, words);
        }
        BigDecimal total = steps.stream().map(Step::quantityKwh).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal xMax = total.max(otherSideKwh == null ? BigDecimal.ZERO : otherSideKwh);
        if (xMax.signum() == 0) {
            xMax = BigDecimal.ONE;
        }
        List<BigDecimal> prices = new java.util.ArrayList<>(steps.stream().map(Step::quote).toList());
        if (clearingPrice != null) {
            prices.add(clearingPrice);
        }
        Range y = Range.of(prices);
        StringBuilder s = open(title);
        axes(s, y, words.price());
        BigDecimal cum = BigDecimal.ZERO;
        StringBuilder path = new StringBuilder();
        for (Step st : steps) {
            double x0 = xPixel(cum, xMax);
            cum = cum.add(st.quantityKwh());
            double x1 = xPixel(cum, xMax);
            double py = y.pixel(st.quote());
            path.append(path.isEmpty() ? "M" : " L").append(f(x0)).append(',').append(f(py)).append(" L").append(f(x1)).append(',').append(f(py));
            s.append("<rect x='").append(f(x0)).append("' y='").append(f(py - 4)).append("' width='").append(f(Math.max(1, x1 - x0)))
                    .append("' height='8' fill='transparent'><title>").append(esc(st.participantId())).append(": ")
                    .append(st.quantityKwh().toPlainString()).append(" kWh at ").append(st.quote().toPlainString()).append("</title></rect>");
        }
        s.append("<path class='gx-merit' d='").append(path).append("' fill='none' stroke='#2f6fb0' stroke-width='2'/>");
        if (otherSideKwh != null && otherSideKwh.signum() > 0) {
            double x = xPixel(otherSideKwh, xMax);
            s.append("<line x1='").append(f(x)).append("' y1='").append(T).append("' x2='").append(f(x)).append("' y2='").append(H - B)
                    .append("' stroke='#b35900' stroke-dasharray='4 3'/><text x='").append(f(x + 4)).append("' y='").append(T + 12)
                    .append("' fill='#b35900'>").append(esc(Words.fill(words.otherSide(), otherSideKwh.setScale(1, RoundingMode.HALF_UP).toPlainString())))
                    .append("</text>");
        }
        if (clearingPrice != null) {
            double py = y.pixel(clearingPrice);
            s.append("<line class='gx-clearing' x1='").append(L).append("' y1='").append(f(py)).append("' x2='").append(W - R).append("' y2='")
                    .append(f(py)).append("' stroke='#1a7f37' stroke-dasharray='6 3'/><text x='").append(W - R - 4).append("' y='")
                    .append(f(py - 4)).append("' text-anchor='end' fill='#1a7f37'>").append(esc(Words.fill(words.clearingPrice(), clearingPrice.toPlainString())))
                    .append("</text>");
        }
        s.append("<text x='").append((L + W - R) / 2).append("' y='").append(H - 4).append("' text-anchor='middle'>")
                .append(esc(Words.fill(words.cumulative(), xMax.setScale(1, RoundingMode.HALF_UP).toPlainString()))).append("</text>");
        return s.append("</svg>").toString();
    }

    private static double xPixel(BigDecimal v, BigDecimal max) {
        return L + v.divide(max, 9, RoundingMode.HALF_UP).doubleValue() * (W - L - R);
    }

    private static String empty(String title, Words words) {
        return "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 " + W + " 60' role='img'><title>" + esc(title)
                + "</title><text x='8' y='34' fill='#666'>" + esc(Words.fill(words.noData(), title)) + "</text></svg>";
    }

    private static StringBuilder open(String title) {
        return new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ").append(W).append(' ').append(H)
                .append("' role='img'><title>").append(esc(title)).append("</title>");
    }

    private static void axes(StringBuilder s, Range y, String unit) {
        s.append("<line x1='").append(L).append("' y1='").append(T).append("' x2='").append(L).append("' y2='").append(H - B).append("' stroke='#999'/>");
        s.append("<line x1='").append(L).append("' y1='").append(H - B).append("' x2='").append(W - R).append("' y2='").append(H - B).append("' stroke='#999'/>");
        for (int i = 0; i <= 4; i++) {
            BigDecimal v = y.min.add(y.max.subtract(y.min).multiply(BigDecimal.valueOf(i)).divide(BigDecimal.valueOf(4), 6, RoundingMode.HALF_UP));
            double py = y.pixel(v);
            s.append("<text x='").append(L - 4).append("' y='").append(f(py + 4)).append("' text-anchor='end' fill='#555'>")
                    .append(v.setScale(v.abs().compareTo(BigDecimal.TEN) >= 0 ? 0 : 2, RoundingMode.HALF_UP).toPlainString()).append("</text>");
            s.append("<line x1='").append(L).append("' y1='").append(f(py)).append("' x2='").append(W - R).append("' y2='").append(f(py))
                    .append("' stroke='#eee'/>");
        }
        s.append("<text x='4' y='").append(T - 4).append("' fill='#555'>").append(esc(unit)).append("</text>");
    }

    private static void xLabels(StringBuilder s, List<String> labels) {
        int n = labels.size();
        int every = Math.max(1, n / 8);
        for (int i = 0; i < n; i += every) {
            double x = L + (n == 1 ? (W - L - R) / 2.0 : i * (W - L - R) / (double) (n - 1));
            s.append("<text x='").append(f(x)).append("' y='").append(H - B + 16).append("' text-anchor='middle' fill='#555'>")
                    .append(esc(labels.get(i))).append("</text>");
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
    }

    private static String f(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private record Range(BigDecimal min, BigDecimal max) {
        static Range of(List<BigDecimal> values) {
            BigDecimal min = values.stream().min(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
            BigDecimal max = values.stream().max(BigDecimal::compareTo).orElse(BigDecimal.ONE);
            if (min.compareTo(max) == 0) {
                min = min.subtract(BigDecimal.ONE).max(BigDecimal.ZERO);
                max = max.add(BigDecimal.ONE);
            }
            return new Range(min, max);
        }

        double pixel(BigDecimal v) {
            return H - B - v.subtract(min).divide(max.subtract(min), 9, RoundingMode.HALF_UP).doubleValue() * (H - B - T);
        }
    }
}
