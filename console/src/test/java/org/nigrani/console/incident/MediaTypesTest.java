package org.nigrani.console.incident;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaTypesTest {

    static final String SHA = "a".repeat(64);

    @Test
    void aMediaHostsContentTypeIsServedOnlyWhenItIsAPlainType() {
        assertThat(MediaTypes.safe("Video/MP4; codecs=\"avc1\"")).isEqualTo("video/mp4");
        assertThat(MediaTypes.safe("text/html\r\nSet-Cookie: x=1")).isEqualTo(MediaTypes.BYTES);
        assertThat(MediaTypes.safe("image/png\"; filename=evil.html")).isEqualTo(MediaTypes.BYTES);
        assertThat(MediaTypes.safe("")).isEqualTo(MediaTypes.BYTES);
        assertThat(MediaTypes.safe(null)).isEqualTo(MediaTypes.BYTES);
        assertThat(MediaTypes.safe("application/json")).isEqualTo("application/json");
    }

    @Test
    void onlyImagesAndVideosShowInPlaceAndSvgIsADownload() {
        assertThat(MediaTypes.inline("video/mp4")).isTrue();
        assertThat(MediaTypes.inline("image/jpeg")).isTrue();
        assertThat(MediaTypes.inline("image/svg+xml")).isFalse();
        assertThat(MediaTypes.inline("application/json")).isFalse();
        assertThat(MediaTypes.inline("text/html")).isFalse();
        assertThat(MediaTypes.inline("image/png\r\nX: y")).isFalse();
    }

    @Test
    void fileNamesComeFromTheHashAndAFixedTable() {
        assertThat(MediaTypes.fileName(SHA, "video/mp4")).isEqualTo(SHA + ".mp4");
        assertThat(MediaTypes.fileName(SHA, "application/json; charset=utf-8")).isEqualTo(SHA + ".json");
        assertThat(MediaTypes.fileName(SHA, "text/html")).isEqualTo(SHA + ".bin");
        assertThat(MediaTypes.fileName(SHA, "image/svg+xml")).isEqualTo(SHA + ".bin");
        assertThat(MediaTypes.fileName(SHA, "application/x-../../etc")).isEqualTo(SHA + ".bin");
    }
}
