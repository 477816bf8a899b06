package com.greenex.scada.mapping;

/** Why one point of a mapping cannot be read; the other points keep working. */
public record PointProblem(int index, String participant, String node, String reason) {

    @Override
    public String toString() {
        return "points[" + index + "]" + (participant == null ? "" : " (" + participant + ")")
                + (node == null ? "" : " node " + node) + ": " + reason;
    }
}
