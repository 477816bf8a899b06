package com.greenex.scada.mapping;

import java.util.List;

/** A substation's mapping file, read: the points that are usable and the problems of the others. */
public record SubstationMapping(String substation, String endpoint, Security security, List<PointMapping> points,
                                List<PointProblem> problems) {

    public SubstationMapping {
        points = List.copyOf(points);
        problems = List.copyOf(problems);
    }
}
