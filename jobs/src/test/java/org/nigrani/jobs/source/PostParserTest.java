package org.nigrani.jobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nigrani.jobs.Post;

class PostParserTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2023-11-20T12:00:00Z"), ZoneOffset.UTC);
    private final PostParser parser = new PostParser("x", 10_000, NOW);

    private static RawLine line(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new RawLine("/data/in.jsonl", 4242, bytes, bytes.length);
    }

    private static RawLine line(byte[] bytes) {
        return new RawLine("/data/in.jsonl", 4242, bytes, bytes.length);
    }

    private Post parse(String json) throws RejectedInput {
        return parser.parse(line(json));
    }

    private RejectedInput rejection(RawLine raw) {
        try {
            parser.parse(raw);
        } catch (RejectedInput e) {
            return e;
        }
        throw new AssertionError("expected the line to be rejected: " + new String(raw.bytes(), StandardCharsets.UTF_8));
    }

    private RejectedInput rejection(String json) {
        return rejection(line(json));
    }

    @Test
    void parsesAFullPost() throws Exception {
        Post post = parse("""
                {"platform":"x","id":"1723000000000000001","url":"https://x.com/a/status/1723000000000000001","author":"@karachi_citizen",
                 "text":"Watch: policemen harassing Afghan PoR card holders near SITE Super Highway","created_at":"2023-11-08T10:15:00+05:00",
                 "lang":"en","media":[{"type":"video","url":"https://video.example.org/v/1.mp4","preview_url":"https://video.example.org/p/1.jpg",
                 "duration_ms":45000,"view_count":120000}],"metrics":{"reposts":900,"likes":3000,"views":150000},
                 "in_reply_to":null,"repost_of":"1722999999999999999"}""");
        assertThat(post.documentId()).isEqualTo("x:1723000000000000001");
        assertThat(post.author()).isEqualTo("karachi_citizen");
        assertThat(post.createdAt()).isEqualTo(Instant.parse("2023-11-08T05:15:00Z"));
        assertThat(post.media()).containsExactly(new Post.Media("video", "https://video.example.org/v/1.mp4",
                "https://video.example.org/p/1.jpg", 45000L, 120000L));
        assertThat(post.metrics()).isEqualTo(new Post.Metrics(900, 3000, 150000));
        assertThat(post.repostOf()).isEqualTo("1722999999999999999");
        assertThat(post.hasVideo()).isTrue();
        assertThat(post.source()).isEqualTo(new Post.SourceRef("/data/in.jsonl", 4242));
    }

    @Test
    void keepsLargeNumericIdsExactAndDefaultsThePlatform() throws Exception {
        Post post = parse("{\"id\":17230000000000000019,\"text\":\"thana mein rishwat\",\"created_at\":\"2023-11-08T10:15:00Z\"}");
        assertThat(post.id()).isEqualTo("17230000000000000019");
        assertThat(post.platform()).isEqualTo("x");
        assertThat(post.media()).isEmpty();
        assertThat(post.metrics()).isEqualTo(Post.Metrics.NONE);
    }

    @Test
    void keepsHtmlAndScriptInTextVerbatimForEvidence() throws Exception {
        String text = "<script>alert('x')</script><img src=x onerror=alert(1)> police ne mara";
        Post post = parse("{\"id\":\"1\",\"text\":\"" + text.replace("'", "\\u0027") + "\",\"created_at\":\"2023-11-08T10:15:00Z\"}");
        assertThat(post.text()).isEqualTo(text);
    }

    @Test
    void keepsRightToLeftOverridesInTextButStripsThemFromHandles() throws Exception {
        String text = "SHO \u202Eevil\u202C took money";
        Post post = parse("{\"id\":\"2\",\"author\":\"\u202Egnp.exe\u202C_user\",\"text\":\"" + text + "\",\"created_at\":\"2023-11-08T10:15:00Z\"}");
        assertThat(post.text()).isEqualTo(text);
        assertThat(post.author()).isEqualTo("gnp.exe_user").doesNotContain("\u202E");
    }

    @Test
    void acceptsUrduScript() throws Exception {
        Post post = parse("{\"id\":\"3\",\"text\":\"تھانہ سپر ہائی وے کے پولیس اہلکاروں نے افغان شہریوں کو ہراساں کیا\",\"created_at\":\"2023-11-08T10:15:00Z\",\"lang\":\"ur\"}");
        assertThat(post.text()).startsWith("تھانہ");
        assertThat(post.platformLang()).isEqualTo("ur");
    }

    @Test
    void rejectsInvalidJsonWithItsPosition() {
        RejectedInput e = rejection("{\"id\":\"1\",\"text\":\"police\",\"created_at\":");
        assertThat(e.reason()).isEqualTo("invalid_json");
        assertThat(e.getMessage()).startsWith("not valid JSON").contains("column");
    }

    @Test
    void rejectsInvalidUtf8NamingTheByte() {
        byte[] bytes = "{\"id\":\"1\",\"text\":\"police XX\",\"created_at\":\"2023-11-08T10:15:00Z\"}".getBytes(StandardCharsets.UTF_8);
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf("XX");
        bytes[at] = (byte) 0xC3;
        bytes[at + 1] = (byte) 0x28; // 0xC3 must be followed by a continuation byte
        RejectedInput e = rejection(line(bytes));
        assertThat(e.reason()).isEqualTo("invalid_utf8");
        assertThat(e.getMessage()).contains("offset " + at);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            overlong slash          | 22 C0 AF 22          | 1
            encoded surrogate       | 22 ED A0 80 22       | 1
            past U+10FFFF           | 22 F4 90 80 80 22    | 1
            truncated at the end    | 22 E2 82             | 1
            lone continuation byte  | 22 80 22             | 1
            """)
    void findsTheFirstBadByteOfStrictUtf8(String name, String hex, int offset) {
        String[] parts = hex.trim().split(" ");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        RejectedInput e = rejection(line(bytes));
        assertThat(e.reason()).as(name).isEqualTo("invalid_utf8");
        assertThat(e.getMessage()).as(name).contains("offset " + offset + " ");
    }

    @Test
    void acceptsFourByteCharacters() throws Exception {
        assertThat(parse("{\"id\":\"e\",\"text\":\"police 😡 𝒫\",\"created_at\":\"2023-11-08T10:15:00Z\"}").text()).contains("😡");
    }

    @Test
    void rejectsAOneMegabyteTextNamingTheLimit() {
        String big = "a".repeat(1024 * 1024);
        RejectedInput e = rejection("{\"id\":\"big\",\"text\":\"" + big + "\",\"created_at\":\"2023-11-08T10:15:00Z\"}");
        assertThat(e.reason()).isEqualTo("text_too_long");
        assertThat(e.getMessage()).contains("1048576 characters").contains("limit is 10000");
        assertThat(e.postId()).isEqualTo("big");
    }

    @Test
    void rejectsALineTheReaderCut() {
        RawLine cut = new RawLine("/data/in.jsonl", 0, new byte[100], 5_000_000);
        assertThat(rejection(cut).reason()).isEqualTo("line_too_long");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing id          | {"text":"police","created_at":"2023-11-08T10:15:00Z"}                          | missing_field | 'id'
            null id             | {"id":null,"text":"police","created_at":"2023-11-08T10:15:00Z"}                | missing_field | 'id'
            object id           | {"id":{"a":1},"text":"police","created_at":"2023-11-08T10:15:00Z"}             | wrong_type    | 'id'
            negative id         | {"id":-5,"text":"police","created_at":"2023-11-08T10:15:00Z"}                  | wrong_type    | 'id'
            id with slash       | {"id":"../../etc","text":"police","created_at":"2023-11-08T10:15:00Z"}         | invalid_value | 'id'
            missing text        | {"id":"1","created_at":"2023-11-08T10:15:00Z"}                                 | missing_field | 'text'
            empty text          | {"id":"1","text":"   ","created_at":"2023-11-08T10:15:00Z"}                    | missing_field | 'text'
            number text         | {"id":"1","text":42,"created_at":"2023-11-08T10:15:00Z"}                       | wrong_type    | 'text'
            missing date        | {"id":"1","text":"police"}                                                      | missing_field | 'created_at'
            word date           | {"id":"1","text":"police","created_at":"yesterday"}                            | invalid_date  | 'created_at'
            zoneless date       | {"id":"1","text":"police","created_at":"2023-11-08T10:15:00"}                  | invalid_date  | 'created_at'
            future date         | {"id":"1","text":"police","created_at":"2031-01-01T00:00:00Z"}                 | invalid_date  | 'created_at'
            ancient date        | {"id":"1","text":"police","created_at":"1999-01-01T00:00:00Z"}                 | invalid_date  | 'created_at'
            string views        | {"id":"1","text":"police","created_at":"2023-11-08T10:15:00Z","metrics":{"views":"1.2k"}} | wrong_type | 'metrics.views'
            negative likes      | {"id":"1","text":"police","created_at":"2023-11-08T10:15:00Z","metrics":{"likes":-1}}     | wrong_type | 'metrics.likes'
            media object        | {"id":"1","text":"police","created_at":"2023-11-08T10:15:00Z","media":{"type":"video"}}   | wrong_type | 'media'
            media bad type      | {"id":"1","text":"police","created_at":"2023-11-08T10:15:00Z","media":[{"type":"exe","url":"https://a.example.org/x"}]} | invalid_value | 'media[0].type'
            javascript url      | {"id":"1","text":"police","created_at":"2023-11-08T10:15:00Z","url":"javascript:alert(1)"} | invalid_value | 'url'
            media no url        | {"id":"1","text":"police","created_at":"2023-11-08T10:15:00Z","media":[{"type":"photo"}]} | missing_field | 'media[0].url'
            bad platform        | {"id":"1","platform":"X Twitter","text":"police","created_at":"2023-11-08T10:15:00Z"}     | invalid_value | 'platform'
            bad lang            | {"id":"1","text":"police","created_at":"2023-11-08T10:15:00Z","lang":"<b>"}             | invalid_value | 'lang'
            place string        | {"id":"1","text":"police","created_at":"2023-11-08T10:15:00Z","place":"Peshawar"}        | wrong_type | 'place'
            place without id    | {"id":"1","text":"police","created_at":"2023-11-08T10:15:00Z","place":{"full_name":"Peshawar"}} | invalid_value | 'place.id'
            place bad country   | {"id":"1","text":"police","created_at":"2023-11-08T10:15:00Z","place":{"id":"ab12","country_code":"PAK"}} | invalid_value | 'place.country_code'
            duplicate text key  | {"id":"1","text":"police","text":"other","created_at":"2023-11-08T10:15:00Z"}            | invalid_json  | text
            array line          | [1,2,3]                                                                          | not_an_object | array
            string line         | "just a string"                                                                  | not_an_object | string
            """)
    void rejectsBadFieldsNamingThem(String name, String json, String reason, String mentioned) {
        RejectedInput e = rejection(json.strip());
        assertThat(e.reason()).as(name).isEqualTo(reason);
        assertThat(e.getMessage()).as(name).contains(mentioned);
    }

    @Test
    void rejectsPlainTextLines() {
        assertThat(rejection("2023-11-08 10:15:00 INFO collector restarted").reason()).isEqualTo("invalid_json");
    }
}
