package org.nigrani.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FetchPolicyTest {

    private static final Map<String, List<String>> HOSTS = Map.of("x", List.of("video.twimg.com", "*.fbcdn.net"));
    private static final List<String> TYPES = List.of("video/mp4", "image/jpeg");
    private static final Duration S = Duration.ofSeconds(5);

    private static FetchPolicy policy(Map<String, List<String>> hosts, List<String> types, long maxBytes,
            Duration deadline, int redirects, int attempts) {
        return new FetchPolicy(hosts, types, maxBytes, S, S, deadline, redirects, attempts, Duration.ofMillis(100));
    }

    @Test
    void matchesExactHostsAndSubdomainsOfWildcards() {
        FetchPolicy p = policy(HOSTS, TYPES, 1000, S, 3, 3);

        assertThat(p.hostAllowed("x", "video.twimg.com")).isTrue();
        assertThat(p.hostAllowed("x", "VIDEO.twimg.com.")).isTrue();
        assertThat(p.hostAllowed("x", "scontent.xx.fbcdn.net")).isTrue();
        assertThat(p.hostAllowed("x", "fbcdn.net")).isFalse();
        assertThat(p.hostAllowed("x", "evilfbcdn.net")).isFalse();
        assertThat(p.hostAllowed("x", "twimg.com")).isFalse();
        assertThat(p.hostAllowed("x", "video.twimg.com.evil.example")).isFalse();
        assertThat(p.hostAllowed("other", "video.twimg.com")).isFalse();
    }

    @Test
    void namesTheFieldOnBadValues() {
        assertThatThrownBy(() -> policy(Map.of(), TYPES, 1000, S, 3, 3)).hasMessageStartingWith("allowedHosts:");
        assertThatThrownBy(() -> policy(Map.of("x", List.of("*.")), TYPES, 1000, S, 3, 3))
                .hasMessageContaining("allowedHosts: platform 'x' has an invalid host '*.'");
        assertThatThrownBy(() -> policy(Map.of("x", List.of("a.*.com")), TYPES, 1000, S, 3, 3))
                .hasMessageStartingWith("allowedHosts:");
        assertThatThrownBy(() -> policy(HOSTS, List.of("video"), 1000, S, 3, 3))
                .hasMessage("allowedContentTypes: invalid media type 'video'");
        assertThatThrownBy(() -> policy(HOSTS, TYPES, 0, S, 3, 3)).hasMessageStartingWith("maxBytes:");
        assertThatThrownBy(() -> policy(HOSTS, TYPES, 1000, Duration.ZERO, 3, 3)).hasMessageStartingWith("deadline:");
        assertThatThrownBy(() -> policy(HOSTS, TYPES, 1000, S, -1, 3)).hasMessageStartingWith("maxRedirects:");
        assertThatThrownBy(() -> policy(HOSTS, TYPES, 1000, S, 3, 0)).hasMessageStartingWith("attempts:");
    }
}
