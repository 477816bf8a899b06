package com.greenex.scada.client;

import com.greenex.scada.mapping.PointMapping;
import com.greenex.scada.mapping.PointProblem;

import java.math.BigDecimal;
import java.time.Instant;

/** What a substation connection reports: values as they arrive, and points that cannot be read. */
public interface ReadingListener {

    /**
     * @param value      the number, exact to the double the server sent; null when the status is bad
     *                   or the value is not a number
     * @param statusCode the OPC UA status code, as an unsigned 32-bit number
     */
    void onValue(PointMapping point, Instant sourceTime, Instant serverTime, BigDecimal value, long statusCode);

    void onPointProblem(PointProblem problem);
}
