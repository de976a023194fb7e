package org.nigrani.evidence;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Decides whether the fetcher may open a connection to an address. The default refuses every internal range; tests
 * swap in a guard that admits exactly their own loopback server and defers everything else to the default.
 */
@FunctionalInterface
public interface AddressGuard {

    /** Why a connection to {@code address}:{@code port} is refused (e.g. "loopback"), or empty when it is allowed. */
    Optional<String> refusal(InetAddress address, int port);

    static AddressGuard publicOnly() {
        return (address, port) -> InternalAddresses.classify(address);
    }
}
