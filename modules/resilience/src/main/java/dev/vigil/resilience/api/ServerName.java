package dev.vigil.resilience.api;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This server in lease owners and per-server states: the Liberty server's name at its host. */
public final class ServerName {

    private static final String NAME = resolve();

    private ServerName() {
    }

    public static String get() {
        return NAME;
    }

    private static String resolve() {
        String server = System.getProperty("wlp.server.name", "vigil");
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String name = server + "@" + host;
        return name.length() <= 200 ? name : name.substring(0, 200);
    }
}
