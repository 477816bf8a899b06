package com.greenex.portal.audit;

/** What an audit entry records: every kind of event the portal writes to the audit log. */
public enum AuditAction {
    LOGIN,
    LOGIN_FAILED,
    /** Failed sign-ins of an account or from an address started a block: further attempts are refused until it ends. */
    LOGIN_THROTTLED,
    LOGOUT,
    USER_CREATED,
    DEMO_USERS,
    API_TOKEN_CREATED,
    API_TOKEN_REVOKED,
    /** An applicant applied (self-service), with the rules' verdicts it was shown. */
    ENTRY_APPLIED,
    /** An applicant corrected its pending application (a new revision, judged again). */
    ENTRY_REVISED,
    /** An applicant withdrew its application before a decision. */
    ENTRY_WITHDRAWN,
    ENTRY_APPROVED,
    ENTRY_REJECTED,
    DELISTED,
    /** A participant asked to leave the market (voluntary delisting), to be reviewed by the regulator. */
    DELISTING_REQUESTED,
    /** The regulator rejected a participant's request to leave, with a comment. */
    DELISTING_REQUEST_REJECTED,
    /** A participant withdrew its open request to leave. */
    DELISTING_REQUEST_WITHDRAWN,
    MAPPING_REGISTERED,
    /** The integrator replaced a substation's mapping (points it no longer names retired). */
    SUBSTATION_UPDATED,
    /** The integrator paused a substation, with a reason: not bridged, its zone not cleared. */
    SUBSTATION_PAUSED,
    SUBSTATION_RESUMED,
    /** The integrator removed a substation from the market, with a reason: its points retired. */
    SUBSTATION_REMOVED,
    /** The integrator accepted a substation server's certificate the portal had refused: it is trusted from now on. */
    CERTIFICATE_TRUSTED,
    /** The integrator rejected a substation server's certificate for good. */
    CERTIFICATE_REJECTED,
    SETTING_CHANGED,
    /** The market wrote an interval's battery setpoints over OPC UA (counts of written and refused). */
    SETPOINTS_WRITTEN,
    /** A settlement batch the database held as confirmed is no longer on the chain: re-opened to be settled again. */
    SETTLEMENT_LOST_ON_CHAIN,
    /** A dispatcher had a FAILED interval cleared again (before its start), with a reason. */
    INTERVAL_CLEARED_AGAIN,
    /** A participant transferred a green certificate (to another participant or an external account), on chain. */
    CERTIFICATE_TRANSFERRED,
    /** A participant retired (claimed) a green certificate for a beneficiary, a purpose and a period, on chain. */
    CERTIFICATE_RETIRED,
    /** The regulator revoked a green certificate, with a reason, on chain. */
    CERTIFICATE_REVOKED
}
