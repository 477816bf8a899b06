package com.greenex.portal.dashboard;

import com.greenex.portal.base.ui.Svg;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** Batteries per 10 % band of state of charge: [0, 10), [10, 20) … [90, 100]; values outside 0-100 % fall in the end bands. */
final class SocHistogram {

    private SocHistogram() {
    }

    static List<Svg.Point> of(List<BigDecimal> soc) {
        int[] bands = new int[10];
        for (BigDecimal v : soc) {
            int b = v.divide(BigDecimal.TEN, 0, RoundingMode.FLOOR).intValue();
            bands[Math.max(0, Math.min(9, b))]++;
        }
        List<Svg.Point> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(new Svg.Point((i * 10) + "–" + (i * 10 + 10) + "%", BigDecimal.valueOf(bands[i])));
        }
        return out;
    }
}
