package com.greenex.portal.entry;

/** The regulator's decision on an application or a request to leave: {@code {"decision": "APPROVE" | "REJECT", "comment": "..."}}. */
public record DecisionBody(String decision, String comment) {

    /**
     * @return true for APPROVE, false for REJECT
     * @throws IllegalArgumentException naming the field when it is neither (or missing)
     */
    public boolean approve() {
        if (!"APPROVE".equals(decision) && !"REJECT".equals(decision)) {
            throw new IllegalArgumentException("decision: APPROVE or REJECT, got " + (decision == null ? "none" : "\"" + decision + "\""));
        }
        return decision.equals("APPROVE");
    }

    /** The decision of a request body that may be missing altogether. */
    static boolean approve(DecisionBody body) {
        return (body == null ? new DecisionBody(null, null) : body).approve();
    }
}
