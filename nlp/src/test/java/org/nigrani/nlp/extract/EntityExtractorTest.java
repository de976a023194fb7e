package org.nigrani.nlp.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nigrani.nlp.testing.Shipped;

/** City, officers, victims' group and video, table by table, in English, Roman Urdu and Urdu script. */
class EntityExtractorTest {

    private static EntityExtractor extractor;

    @BeforeAll
    static void load() {
        extractor = new EntityExtractor(Shipped.stations());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Hatri thana ke SHO ne paise liye                                   | Hyderabad
            Karachi mein police ne bina wajah roka                             | Karachi
            کراچی پولیس نے بغیر وجہ روکا                                        | Karachi
            #LahorePolice shame on you                                         | Lahore
            #karachipolice phir se                                             | Karachi
            Lhr ki police ne rishwat li                                        | Lahore
            اسلام آباد میں پولیس کا ناکہ                                         | Islamabad
            Rawal Pindi police ne pakra                                        | Rawalpindi
            Karachi se Lahore ja raha tha, police ne raste mein roka           | -
            Karachi se Lahore aaya, Model Town police ne pakra                 | Lahore
            Karachi Company police ne pakra                                    | Islamabad
            adalat mein pesh hi nahi kiya                                      | -
            Multan police ne pakra                                             | -
            police ne pakra                                                    | -
            """)
    void city(String text, String city) {
        assertThat(extractor.extract(text).city()).isEqualTo(city);
    }

    @ParameterizedTest(name = "{0} -> {1} = {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            a sub-inspector and three policemen beat my brother                | sub-inspector:1 constable:3            | 4
            The SHO and two constables beat my brother in custody              | SHO:1 constable:2                      | 3
            4 cops and an inspector stopped us                                 | inspector:1 constable:4                | 5
            a dozen policemen surrounded the house                             | constable:12                           | 12
            two dozen policemen raided the market                              | constable:24                           | 24
            The DSP, the SSP and the IG Sindh were informed                    | IG:1 SSP:1 DSP:1                       | 3
            head constable Akram and 2 constables took the money               | head constable:1 constable:2           | 3
            the SHO said it again, the SHO always says that                    | SHO:1                                  | 1
            SHO aur do sipahi aaye                                             | SHO:1 constable:2                      | 3
            teen police wale aur ek ASI ne maara                               | ASI:1 constable:3                      | 4
            chaar sipahiyon ne ghar ka darwaza toda                            | constable:4                            | 4
            paanch police walon ne gher liya                                   | constable:5                            | 5
            SI aur teen sipahiyon ke khilaf muqadma                            | sub-inspector:1 constable:3            | 4
            ایک اے ایس آئی اور دو کانسٹیبل معطل                                 | ASI:1 constable:2                      | 3
            پانچ پولیس اہلکاروں نے گھر پر چھاپہ مارا                              | constable:5                            | 5
            ۳ اہلکار آئے اور لے گئے                                              | constable:3                            | 3
            ڈی ایس پی اور دو اہلکار موجود تھے                                   | DSP:1 constable:2                      | 3
            ایس ایچ او نے خود تھپڑ مارے                                         | SHO:1                                  | 1
            cops beat him badly                                                | -                                      | 0
            police wale aaye aur le gaye                                       | -                                      | 0
            پولیس اہلکاروں نے تشدد کیا                                           | -                                      | 0
            why do cops always lie                                             | -                                      | 0
            ye choti si baat hai                                               | -                                      | 0
            I posted the clip on IG yesterday                                  | -                                      | 0
            I paid 500. Constables came later                                  | -                                      | 0
            """)
    void officers(String text, String expected, int total) {
        Entities e = extractor.extract(text);
        List<String> got = e.officers().stream().map(o -> o.rank() + ":" + o.count()).toList();
        List<String> want = expected == null ? List.of() : List.of(expected.replace("head constable", "head_constable").split(" "))
                .stream().map(s -> s.replace('_', ' ')).toList();
        assertThat(got).isEqualTo(want);
        assertThat(e.officerTotal()).isEqualTo(total);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Police stopped an Afghan family at the holding point                       | refugees
            PoR card holders are being picked up every night                           | refugees
            afghani mazdooron ko thane le gaye                                         | refugees
            افغان مہاجرین کو پولیس نے حراست میں لیا                                      | refugees
            A Chinese national was harassed at a checkpoint                            | foreigners
            Documented foreigners are stopped daily on the highway                     | foreigners
            ghair mulki sayyah se police ne paise liye                                 | foreigners
            غیر ملکی سیاح کو پولیس نے روکا                                              | foreigners
            Police pushed a Christian family out of their house                        | minorities
            masihi bhaiyon ko thane mein maara                                         | minorities
            khwaja sira community ko police tang karti hai                             | minorities
            خواجہ سرا کو پولیس نے ہراساں کیا                                            | minorities
            ہندو تاجر کو تھانے میں بند کیا                                              | minorities
            The police beat a journalist covering the protest                          | journalists
            sahafi ko SHO ne dhamki di                                                 | journalists
            صحافی پر پولیس کا تشدد                                                      | journalists
            Students were baton-charged outside the university                         | students
            talba par lathi charge hua                                                 | students
            طلبہ پر پولیس نے لاٹھی چارج کیا                                             | students
            The constable harassed a woman at the bus stop                             | women
            khawateen ko thane mein ghanton bithaye rakha                              | women
            larki ko raste mein roka aur tang kiya                                     | women
            خواتین کے ساتھ پولیس کی بدتمیزی                                             | women
            Police beat a rickshaw driver for no reason                                | general
            A lady constable slapped a man at the picket                               | general
            The SSP told reporters the officer was suspended                           | general
            women police station mein shikayat di                                      | general
            An Afghan woman was pushed by a policeman                                  | refugees
            A female journalist was roughed up by cops                                 | journalists
            A Christian student was beaten at the thana                                | minorities
            Hazara Motorway par police ka naka                                         | general
            """)
    void victimGroup(String text, String group) {
        assertThat(extractor.extract(text).victimGroup()).isEqualTo(group);
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            Watch: SHO slaps a vendor in Saddar                                        | true
            Video: constable takes cash from a rickshaw driver                         | true
            This video shows the ASI kicking a boy                                     | true
            clip attached, see for yourself                                            | true
            Constable caught on camera taking a bribe                                  | true
            Full video here https://youtu.be/abc123                                    | true
            https://www.tiktok.com/@someone/video/7312 police ka zulm                  | true
            SHO ki video dekhen aur share karein                                       | true
            ye wedio dekho bhai, sipahi thappar maar raha hai                          | true
            vdo neeche hai                                                             | true
            ویڈیو دیکھیں: اہلکار رشوت لیتے ہوئے                                         | true
            یہ ویڈیو کل رات کی ہے                                                      | true
            Police ka zulm, is reel ko share karo                                      | true
            We had a video call with the SHO                                           | false
            There is no video of it but it happened                                    | false
            IG takes notice of viral video of policemen slapping a vendor              | false
            Police are checking the CCTV of the market                                 | false
            Watch out for fake police at night                                         | false
            SHO ne paise liye                                                          | false
            """)
    void videoMentioned(String text, boolean video) {
        assertThat(extractor.extract(text).videoMentioned()).isEqualTo(video);
    }

    @Test
    void extractsEverythingFromOnePost() {
        Entities e = extractor.extract("Watch: SITE Super Highway thane ke ASI aur do sipahiyon ne Afghan mazdoor ko maara. "
                + "Karachi example.org/v/123");
        assertThat(e.stations()).extracting(m -> m.station().id()).containsExactly("khi-site-super-highway");
        assertThat(e.city()).isEqualTo("Karachi");
        assertThat(e.officers()).containsExactly(new OfficerCount("ASI", 1), new OfficerCount("constable", 2));
        assertThat(e.officerTotal()).isEqualTo(3);
        assertThat(e.victimGroup()).isEqualTo("refugees");
        assertThat(e.videoMentioned()).isTrue();
    }

    @Test
    void anEmptyPostHasNothing() {
        for (String text : new String[] {"", "   ", null}) {
            Entities e = extractor.extract(text);
            assertThat(e.stations()).isEmpty();
            assertThat(e.city()).isNull();
            assertThat(e.officers()).isEmpty();
            assertThat(e.officerTotal()).isZero();
            assertThat(e.victimGroup()).isEqualTo("general");
            assertThat(e.videoMentioned()).isFalse();
        }
    }
}
