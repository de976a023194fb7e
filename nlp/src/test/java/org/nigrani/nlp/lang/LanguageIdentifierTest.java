package org.nigrani.nlp.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nigrani.nlp.classify.Corpus;
import org.nigrani.nlp.classify.LabelledPost;

/** Clear and tricky posts in every script, the save/load round trip, and training determinism. */
class LanguageIdentifierTest {

    static List<LabelledPost> train;
    static LanguageIdentifier identifier;

    @BeforeAll
    static void trainOnce() {
        train = Corpus.read(Path.of("src/main/corpus")).split("train");
        identifier = LanguageIdentifier.train(train);
    }

    @ParameterizedTest(name = "{1} -> {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        en      | The police stopped us at the checkpoint and asked for money
        en      | Police took chai pani from the vendor
        en      | Traffic jam again
        en      | Lovely weather today
        en      | Watch this video, the SHO is lying about the FIR #KarachiPolice https://x.com/a/status/1
        ur-Latn | SHO ne FIR nahi kaati, video viral ho gayi
        ur-Latn | Thane mein FIR darj karwane gaye to SHO ne video delete karwa di
        ur-Latn | Police wale paise maang rahe hain
        ur-Latn | bohat bura hua
        ur-Latn | yeh kya ho raha
        ur-Latn | Yeh dekho kya ho raha hai #KarachiPolice https://x.com/a/status/1
        ur      | پولیس نے میرے بھائی کو بغیر ایف آئی آر کے گرفتار کر لیا
        ur      | یہ کیا ہو رہا ہے
        ur      | پولیس زندہ باد
        ur      | Got stopped at the naka again. اہلکار نے کہا پانچ سو دو ورنہ گاڑی سائیڈ پر لگاؤ
        other   | الشرطة اعتقلت رجلين في وسط المدينة أمس
        other   | پلیس دو مرد را در مرکز شهر دستگیر کرد
        other   | पुलिस ने मेरे भाई को गिरफ्तार कर लिया
        other   | Полиция задержала двух мужчин в центре города
        other   | 警察昨天在市中心逮捕了两名男子
        other   | La policía detuvo a dos hombres en el mercado esta mañana
        other   | La police est arrivée très tard, c'est une honte
        other   | Mereka tidak mau membantu kami di kantor polisi
        other   | Wir haben die Polizei gerufen, aber niemand ist gekommen
        other   | 😡😡🙏
        other   | !!! ??? 123
        other   | @someone https://x.com/a/status/1
        """)
    void identifies(String expected, String text) {
        assertThat(identifier.identify(text)).isEqualTo(expected);
    }

    @Test
    void emptyAndNullAreOther() {
        assertThat(identifier.identify("")).isEqualTo(LanguageIdentifier.OTHER);
        assertThat(identifier.identify(null)).isEqualTo(LanguageIdentifier.OTHER);
        assertThat(identifier.identifyNormalised("")).isEqualTo(LanguageIdentifier.OTHER);
    }

    @Test
    void sameTrainingGivesTheSameModelBytes(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("first.bin");
        Path second = dir.resolve("second.bin");
        identifier.save(first);
        LanguageIdentifier.train(train).save(second);
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void aLoadedModelAnswersLikeTheTrainedOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lang.bin");
        identifier.save(file);
        LanguageIdentifier loaded;
        try (InputStream in = Files.newInputStream(file)) {
            loaded = LanguageIdentifier.load(in);
        }
        for (LabelledPost post : train.subList(0, 500)) {
            assertThat(loaded.identify(post.text())).as(post.id()).isEqualTo(identifier.identify(post.text()));
        }
        assertThat(LanguageIdentifier.load(file).identify("SHO ne FIR nahi kaati")).isEqualTo("ur-Latn");
    }

    @Test
    void refusesSomethingThatIsNotAModel(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("junk.bin");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LanguageIdentifier.load(file))
                .hasMessageContaining("cannot read language model");
    }
}
