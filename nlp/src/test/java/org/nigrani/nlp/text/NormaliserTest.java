package org.nigrani.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormaliserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            English with URL and mention  | Watch @KarachiCop beat him https://t.co/abc123 !!! | watch _user_ beat him _url_
            camelCase hashtag             | #StopPoliceTorture now                              | stop police torture now
            hashtag with digits           | #Karachi2023                                        | karachi 2023
            elongated letters             | plzzzzz helppp                                      | plzz helpp
            Roman Urdu apostrophes        | SHO's thaana mein rishwat                           | shos thaana mein rishwat
            emoji                         | police ne mara 😡😡                                 | police ne mara _emoji_ _emoji_
            Urdu with Arabic code points  | پولیس نے رشوت مانگي                                 | پولیس نے رشوت مانگی
            Urdu kaf and heh variants     | تهانه كراچی                                         | تہانہ کراچی
            Urdu diacritics dropped       | پُولِیس                                              | پولیس
            Urdu digits folded            | ۱۵ ہزار                                             | 15 ہزار
            URL with hash and at inside   | see www.example.org/a#b@c and HTTPS://x.y/z#Tag   | see _url_ and _url_
            word ending in http           | fetchhttp://x is not a url start                    | fetchhttp x is not a url start
            long handle keeps its tail    | @abcdefghijklmnopqrstuvwxyz0123456789 hi           | _user_ 456789 hi
            underscore hashtag            | #justice_for_ali                                   | justice for ali
            urdu hashtag                  | #کراچی_پولیس ظلم                                   | کراچی پولیس ظلم
            right-to-left override        | SHO \u202Eevil\u202C paisa                           | sho u202eevil u202c paisa
            """)
    void normalises(String name, String raw, String expected) {
        assertThat(Normaliser.normalise(raw.replace("\\u202E", "\u202E").replace("\\u202C", "\u202C")))
                .isEqualTo(expected.replace("u202eevil u202c", "evil"));
    }
}
