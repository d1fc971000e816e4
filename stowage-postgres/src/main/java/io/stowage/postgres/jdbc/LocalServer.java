package io.stowage.postgres.jdbc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;

/**
 * Whether a server runs on this machine, where it shares the client's cores: the restore and the
 * dump then move work between client and server only where the sum of both falls.
 */
public final class LocalServer {
    private LocalServer() {
    }

    /**
     * Whether every host of {@code hosts} (libpq's comma-separated list) is this machine: none
     * given, a Unix socket directory, a loopback address, or one of this machine's own addresses.
     * A name that does not resolve counts as this machine: the cautious answer, under which work
     * moves from server to client only where the two together spend less.
     */
    public static boolean onThisMachine(String hosts) {
        if (hosts == null || hosts.isBlank()) {
            return true;
        }
        for (String host : hosts.split(",")) {
            String h = host.strip();
            if (h.isEmpty() || h.startsWith("/") || h.startsWith("@") || h.equalsIgnoreCase("localhost")) {
                continue;
            }
            try {
                InetAddress address = InetAddress.getByName(h);
                if (!address.isLoopbackAddress() && !address.isAnyLocalAddress() && NetworkInterface.getByInetAddress(address) == null) {
                    return false;
                }
            } catch (IOException | RuntimeException e) {
                // unresolvable here: the connection reports it; the text path is the safe one
            }
        }
        return true;
    }
}
