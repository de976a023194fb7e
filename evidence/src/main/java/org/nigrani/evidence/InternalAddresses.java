package org.nigrani.evidence;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Names the internal range an address falls into; anything not named here is treated as the public internet. */
public final class InternalAddresses {

    private InternalAddresses() {
    }

    public static Optional<String> classify(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            // An IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d) address reaches the IPv4 host, so judge that.
            Optional<InetAddress> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return classify(embedded.get()).map(kind -> kind + " (IPv4 inside IPv6)");
            }
            if (v6.isAnyLocalAddress()) {
                return Optional.of("unspecified");
            }
            if (v6.isLoopbackAddress()) {
                return Optional.of("loopback");
            }
            if (v6.isLinkLocalAddress()) {
                return Optional.of("link-local");
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("private (unique local fc00::/7)");
            }
            if (v6.isSiteLocalAddress()) {
                return Optional.of("site-local");
            }
            if (v6.isMulticastAddress()) {
                return Optional.of("multicast");
            }
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 169 && a1 == 254 && (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254) {
            return Optional.of("the cloud metadata address");
        }
        if (a0 == 0) {
            return Optional.of("unspecified (0.0.0.0/8)");
        }
        if (a0 == 127) {
            return Optional.of("loopback");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("link-local");
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return Optional.of("private");
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Optional.of("shared (CGNAT 100.64.0.0/10)");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("multicast");
        }
        if (a0 >= 240) {
            return Optional.of("reserved or broadcast");
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> embeddedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return Optional.empty();
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0);
        if (!mapped && !compatible) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
