package com.greenex.portal.base.ui;

/** The views' addresses: each feature's view declares its own with {@code @Route(Routes.X)}, the frame links to them. */
public final class Routes {

    public static final String DASHBOARD = "dashboard";
    public static final String MARKET = "market";
    public static final String TRADES = "trades";
    public static final String REGULATOR = "regulator";
    public static final String INTEGRATOR = "integrator";
    public static final String PARTICIPANT = "participant";
    public static final String APPLICATION = "application";

    private Routes() {
    }
}
