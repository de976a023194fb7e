package org.nigrani.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressGuardTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "public", value = {
        "127.0.0.1          | loopback",
        "127.255.255.254    | loopback",
        "0.0.0.0            | unspecified (0.0.0.0/8)",
        "0.1.2.3            | unspecified (0.0.0.0/8)",
        "10.0.0.5           | private",
        "172.16.0.1         | private",
        "172.31.255.255     | private",
        "192.168.1.1        | private",
        "100.64.0.1         | shared (CGNAT 100.64.0.0/10)",
        "100.127.255.254    | shared (CGNAT 100.64.0.0/10)",
        "169.254.169.254    | the cloud metadata address",
        "169.254.1.1        | link-local",
        "224.0.0.1          | multicast",
        "255.255.255.255    | reserved or broadcast",
        "::1                | loopback",
        "::                 | unspecified",
        "fe80::1            | link-local",
        "fc00::1            | private (unique local fc00::/7)",
        "fd12:3456::1       | private (unique local fc00::/7)",
        "ff02::1            | multicast",
        // Java turns a parsed ::ffff:a.b.c.d into an IPv4 address; see mappedAddressObjects for the other route.
        "::ffff:127.0.0.1   | loopback",
        "::ffff:169.254.169.254 | the cloud metadata address",
        "::ffff:10.1.2.3    | private",
        "::127.0.0.1        | loopback (IPv4 inside IPv6)",
        "8.8.8.8            | public",
        "172.15.255.255     | public",
        "172.32.0.1         | public",
        "100.63.255.255     | public",
        "100.128.0.1        | public",
        "169.253.1.1        | public",
        "93.184.216.34      | public",
        "2606:4700::1111    | public",
        "::ffff:8.8.8.8     | public",
    })
    void classifiesAddresses(String address, String expected) throws Exception {
        // Parsing a literal never touches DNS.
        InetAddress parsed = InetAddress.getByName(address.trim());

        assertThat(AddressGuard.publicOnly().refusal(parsed, 443).orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "::ffff:{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "public", value = {
        "127.0.0.1       | loopback (IPv4 inside IPv6)",
        "169.254.169.254 | the cloud metadata address (IPv4 inside IPv6)",
        "10.1.2.3        | private (IPv4 inside IPv6)",
        "100.64.0.1      | shared (CGNAT 100.64.0.0/10) (IPv4 inside IPv6)",
        "8.8.8.8         | public",
    })
    void mappedAddressObjects(String ipv4, String expected) throws Exception {
        // A resolver can hand back a genuine Inet6Address holding a mapped IPv4 address; it must be judged as IPv4.
        byte[] v4 = InetAddress.getByName(ipv4.trim()).getAddress();
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        InetAddress mapped = Inet6Address.getByAddress(null, v6, -1);

        assertThat(mapped).isInstanceOf(Inet6Address.class);
        assertThat(AddressGuard.publicOnly().refusal(mapped, 443).orElse(null)).isEqualTo(expected);
    }
}
