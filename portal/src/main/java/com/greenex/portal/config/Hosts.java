package com.greenex.portal.config;

/** This machine's name, as bridges and instances report it. */
public final class Hosts {

    private Hosts() {
    }

    public static String name() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown-host";
        }
    }
}
