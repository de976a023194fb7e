package org.nigrani.console.incident;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which URLs from a post may become links or images. A stranger wrote them: only absolute http(s) URLs become
 * links (never {@code javascript:}, {@code data:} or a relative path into the console), and only https URLs are
 * loaded as images (the page's CSP allows no other), so everything else is shown as text.
 */
final class Links {

    private Links() {}

    /** {@code url} if it may be a link's href, else null. */
    static String href(String url) {
        return scheme(url, "http", "https") ? url : null;
    }

    /** {@code url} if it may be an image's src, else null. */
    static String imageSrc(String url) {
        return scheme(url, "https") ? url : null;
    }

    private static boolean scheme(String url, String... allowed) {
        if (url == null || url.length() > 4096 || url.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            return false;
        }
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getHost() == null || u.getHost().isEmpty()) {
                return false;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            for (String a : allowed) {
                if (a.equals(scheme)) {
                    return true;
                }
            }
            return false;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
