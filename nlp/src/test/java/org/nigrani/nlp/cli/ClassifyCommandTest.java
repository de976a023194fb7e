package org.nigrani.nlp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/monitor classify} against the contract other tools rely on. */
class ClassifyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("id", "label", "score", "category", "lang", "station", "why");
    private static final Set<String> LABELS = Set.of("police_misconduct", "not_relevant");
    private static final Set<String> CATEGORIES =
            Set.of("harassment", "extortion", "violence", "unlawful_detention", "other_misconduct", "none");
    private static final Set<String> LANGS = Set.of("en", "ur", "ur-Latn", "other");

    /** Right-to-left override and pop directional formatting. */
    private static final String RLO = "\u202E";
    private static final String PDF = "\u202C";
    private static final String HOSTILE_ID = "<script>alert(1)</script>" + RLO + "\"},{\"id\":\"fake\"";

    /** One input line and what its output line must be: null error for a good line, else the id it must carry (or null). */
    private record Case(String line, boolean good, String expectedId) {}

    private static final List<Case> MIXED = List.of(
            good("{\"id\":\"en-allegation\",\"text\":\"The SHO and two constables beat my brother in custody at the thana and demanded a bribe"
                    + " for his release\",\"platform\":\"x\",\"has_video\":true,\"lang\":\"en\"}", "en-allegation"),
            good("{\"id\":\"en-chatter\",\"text\":\"Beautiful weather in Lahore today, perfect for chai and a long walk in the park\","
                    + "\"platform\":\"facebook\",\"has_video\":false,\"meta\":{\"likes\":3,\"nested\":{\"a\":[1,2,{\"b\":null}]}},"
                    + "\"tags\":[\"weather\",\"lahore\"],\"lang\":\"ur\"}", "en-chatter"),
            good("{\"id\":\"roman-urdu\",\"text\":\"Thane ke SHO ne mere bhai ko bina FIR ke 3 din band rakha aur 20 hazar rishwat mangi\","
                    + "\"author\":{\"handle\":\"@someone\",\"followers\":12}}", "roman-urdu"),
            new Case("", false, null), // blank: skipped, no output line
            good("{\"id\":\"urdu-script\",\"text\":\"کل رات پولیس والوں نے میرے بھائی کو تھانے میں بند کر دیا اور رشوت مانگی\","
                    + "\"lang\":\"ur\",\"platform\":\"tiktok\"}", "urdu-script"),
            good("{\"id\":12345,\"text\":\"Yaar aaj match dekhne chalein? Babar ki batting zabardast thi\",\"lang\":null,\"extra\":[]}", "12345"),
            good("{\"id\":" + JSON.valueToTree(HOSTILE_ID) + ",\"text\":\"<script>alert('x')</script> " + RLO
                    + " police \\\"beat\\\" me \\n\\u0000" + PDF + " {\\\"id\\\":\\\"fake\\\"} </script>\",\"x\":\"</script>\"}", HOSTILE_ID),
            good("{\"id\":\"emoji\",\"text\":\"پولیس 😭 wardi wale ne phir se 500 liye 🙏 \\ud83d\\ude4f\"}", "emoji"),
            new Case("   \t ", false, null), // whitespace only: skipped too
            bad("{not json", null),
            bad("[1,2,3]", null),
            bad("null", null),
            bad("\"just a string\"", null),
            bad("{\"text\":\"the police beat me\"}", null),
            bad("{\"id\":\"no-text\"}", "no-text"),
            bad("{\"id\":\"numeric-text\",\"text\":42}", "numeric-text"),
            bad("{\"id\":\"object-text\",\"text\":{\"en\":\"police\"}}", "object-text"),
            bad("{\"id\":{\"nested\":1},\"text\":\"id is an object\"}", null),
            bad("{}", null),
            bad("{\"id\":\"two-on-a-line\",\"text\":\"first\"} {\"id\":\"second\",\"text\":\"second\"}", null),
            good("{\"id\":\"last\",\"text\":\"cricket highlights tonight\"}", "last"));

    /** Runs classify with the shipped station directory. */
    private static Cli.Run classify(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--stations";
        all[args.length + 1] = Cli.stations().toString();
        return Cli.run(new ClassifyCommand(), all);
    }

    private static Case good(String line, String id) {
        return new Case(line, true, id);
    }

    private static Case bad(String line, String id) {
        return new Case(line, false, id);
    }

    private static List<Case> nonBlank() {
        return MIXED.stream().filter(c -> !c.line().isBlank()).toList();
    }

    private static Path write(Path file, List<Case> cases) throws Exception {
        List<String> lines = cases.stream().map(Case::line).toList();
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static List<String> outputLines(Path output) throws Exception {
        byte[] bytes = Files.readAllBytes(output);
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        assertThat(text).as("output ends with a newline").endsWith("\n");
        return List.of(text.substring(0, text.length() - 1).split("\n", -1));
    }

    @Test
    void classifiesAMixedInputLineByLineInOrderAndReportsBadLinesWithoutStopping(@TempDir Path dir) throws Exception {
        Path input = write(dir.resolve("posts.jsonl"), MIXED);
        Path output = dir.resolve("out.jsonl");

        Cli.Run run = classify("--input", input.toString(), "--output", output.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<Case> expected = nonBlank();
        List<String> lines = outputLines(output);
        assertThat(lines).as("one output line per non-blank input line (blank and whitespace-only lines are skipped)")
                .hasSize(expected.size());
        assertThat(run.err()).contains("classified " + expected.size() + " lines");

        for (int i = 0; i < lines.size(); i++) {
            Case c = expected.get(i);
            String line = lines.get(i);
            assertThat(line.chars()).as("no raw control character in line %d: %s", i, line).allMatch(ch -> ch >= 0x20);
            JsonNode node = JSON.readTree(line);
            assertThat(node).as("line %d is a JSON object: %s", i, line).isInstanceOf(ObjectNode.class);
            if (c.good()) {
                assertContract(node, line);
                assertThat(node.get("id").textValue()).as(line).isEqualTo(c.expectedId());
            } else {
                assertThat(fieldNames(node)).as(line).contains("error").isSubsetOf("id", "error");
                assertThat(node.get("error").isTextual()).as(line).isTrue();
                assertThat(node.get("error").textValue()).as(line).isNotBlank();
                if (c.expectedId() == null) {
                    assertThat(node.has("id")).as("no id to report for %s: %s", c.line(), line).isFalse();
                } else {
                    assertThat(node.get("id").textValue()).as(line).isEqualTo(c.expectedId());
                }
            }
        }
        long errors = expected.stream().filter(c -> !c.good()).count();
        assertThat(run.err()).contains("(" + errors + " with errors)");
    }

    @Test
    void flagsTheObviousAllegationPassesOverChatterAndIdentifiesTheLanguages(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out.jsonl");
        Cli.Run run = classify("--input", write(dir.resolve("in.jsonl"), MIXED).toString(),
                "--output", output.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : outputLines(output)) {
            nodes.add(JSON.readTree(line));
        }
        JsonNode allegation = byId(nodes, "en-allegation");
        assertThat(allegation.get("label").textValue()).isEqualTo("police_misconduct");
        assertThat(allegation.get("score").doubleValue()).isGreaterThanOrEqualTo(0.5);
        assertThat(allegation.get("category").textValue()).isNotEqualTo("none");
        assertThat(allegation.get("why")).isNotEmpty();
        assertThat(allegation.get("lang").textValue()).isEqualTo("en");

        JsonNode chatter = byId(nodes, "en-chatter");
        assertThat(chatter.get("label").textValue()).isEqualTo("not_relevant");
        assertThat(chatter.get("score").doubleValue()).isLessThan(0.5);
        assertThat(chatter.get("category").textValue()).isEqualTo("none");
        assertThat(chatter.get("lang").textValue()).as("the input's lang field is not trusted").isEqualTo("en");

        assertThat(byId(nodes, "urdu-script").get("lang").textValue()).isEqualTo("ur");
        assertThat(byId(nodes, "roman-urdu").get("lang").textValue()).isEqualTo("ur-Latn");
        assertThat(byId(nodes, "12345").get("id").isTextual()).as("a numeric id comes back as a string").isTrue();
    }

    @Test
    void hostileTextNeverLeaksIntoTheOutputStructure(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out.jsonl");
        Cli.Run run = classify("--input", write(dir.resolve("in.jsonl"), MIXED).toString(),
                "--output", output.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = outputLines(output);
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            if (node.has("id")) {
                ids.add(node.get("id").textValue());
            }
        }
        assertThat(ids).as("the hostile id round-trips exactly and injects no post of its own")
                .contains(HOSTILE_ID).doesNotContain("fake", "second");
        String hostileLine = lines.stream().filter(l -> l.contains("<script>alert(1)")).findFirst().orElseThrow();
        assertThat(hostileLine).as("the quote in the id is escaped").contains("\\\"},{\\\"id\\\":\\\"fake\\\"");
        // the post's text is not echoed: only the id may carry hostile characters
        assertThat(String.join("\n", lines)).doesNotContain("alert('x')").doesNotContain("</script> ");
    }

    @Test
    void everyGoodLineFollowsTheContractOnTheBundledCorpusSample(@TempDir Path dir) throws Exception {
        // a realistic batch: the first lines of each corpus language, fed as posts (their labels are just extra fields)
        List<String> lines = new ArrayList<>();
        for (String name : List.of("en.jsonl", "ur.jsonl", "ur-Latn.jsonl", "mixed.jsonl")) {
            lines.addAll(Files.readAllLines(Path.of("src/main/corpus", name)).subList(0, 40));
        }
        Path input = Files.write(dir.resolve("in.jsonl"), lines);
        Path output = dir.resolve("out.jsonl");
        Cli.Run run = classify("--input", input.toString(), "--output", output.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> out = outputLines(output);
        assertThat(out).hasSize(lines.size());
        for (int i = 0; i < out.size(); i++) {
            JsonNode node = JSON.readTree(out.get(i));
            assertContract(node, out.get(i));
            assertThat(node.get("id").textValue()).isEqualTo(JSON.readTree(lines.get(i)).get("id").asText());
        }
    }

    @Test
    void aByteOrderMarkAtTheStartOfTheInputIsSkipped(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("bom.jsonl");
        Files.writeString(input, "\uFEFF{\"id\":\"first\",\"text\":\"cricket tonight\"}\r\n{\"id\":\"second\",\"text\":\"chai time\"}\r\n",
                StandardCharsets.UTF_8);
        Path output = dir.resolve("out.jsonl");
        Cli.Run run = classify("--input", input.toString(), "--output", output.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = outputLines(output);
        assertThat(lines).hasSize(2);
        assertContract(JSON.readTree(lines.get(0)), lines.get(0));
        assertThat(JSON.readTree(lines.get(0)).get("id").textValue()).isEqualTo("first");
        assertThat(JSON.readTree(lines.get(1)).get("id").textValue()).isEqualTo("second");
    }

    @Test
    void anEmptyInputGivesAnEmptyOutput(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("empty.jsonl"), "\n\n");
        Path output = dir.resolve("out.jsonl");
        Cli.Run run = classify("--input", input.toString(), "--output", output.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(output).exists().isEmptyFile();
    }

    @Test
    void createsTheOutputFolderWhenMissing(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("a/b/out.jsonl");
        Cli.Run run = classify("--input", write(dir.resolve("in.jsonl"), MIXED).toString(),
                "--output", output.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(outputLines(output)).hasSize(nonBlank().size());
    }

    @Test
    void aMissingInputFailsNamingTheFileAndCreatesNoOutput(@TempDir Path dir) {
        Path input = dir.resolve("no-such-posts.jsonl");
        Path output = dir.resolve("out.jsonl");
        Cli.Run run = classify("--input", input.toString(), "--output", output.toString());
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains("input file not found").contains(input.toString());
        assertThat(output).doesNotExist();
    }

    @Test
    void anUnreadableInputFailsNamingTheFile(@TempDir Path dir) throws Exception {
        Path input = Files.createDirectories(dir.resolve("posts-folder.jsonl"));
        Path output = dir.resolve("out.jsonl");
        Cli.Run run = classify("--input", input.toString(), "--output", output.toString());
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains(input.toString());
        assertThat(output).doesNotExist();
    }

    @Test
    void anUnwritableOutputFails(@TempDir Path dir) throws Exception {
        Path input = write(dir.resolve("in.jsonl"), MIXED);
        Path output = Files.createDirectories(dir.resolve("out-is-a-folder"));
        Cli.Run run = classify("--input", input.toString(), "--output", output.toString());
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains("cannot write output file").contains(output.toString());
        assertThat(output).isDirectory().isEmptyDirectory();
    }

    @Test
    void aMissingRequiredOptionIsAUsageError(@TempDir Path dir) {
        Cli.Run run = Cli.run(new ClassifyCommand(), "--input", dir.resolve("x.jsonl").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--output");
    }

    @Test
    void classifyingTheSameInputTwiceGivesByteIdenticalOutput(@TempDir Path dir) throws Exception {
        Path input = write(dir.resolve("in.jsonl"), MIXED);
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        assertThat(classify("--input", input.toString(), "--output", first.toString()).exitCode()).isZero();
        assertThat(classify("--input", input.toString(), "--output", second.toString()).exitCode()).isZero();
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        assertThat(Files.size(first)).isPositive();
    }

    @Test
    void fillsTheStationANamedPoliceStationAndNullForAPlaceNamedOnItsOwn(@TempDir Path dir) throws Exception {
        Path input = Files.write(dir.resolve("in.jsonl"), List.of(
                "{\"id\":\"station\",\"text\":\"Sohrab Goth police ne mere bhai ko bina FIR 3 din band rakha aur 20 hazar mange\"}",
                "{\"id\":\"urdu\",\"text\":\"تھانہ ہٹڑی کے ایس ایچ او نے افغان دکانداروں سے بھتہ مانگا\"}",
                "{\"id\":\"area\",\"text\":\"I live near Sohrab Goth; the police beat my brother at a picket and took 2000\"}",
                "{\"id\":\"ambiguous\",\"text\":\"Gulberg police ne bina FIR band rakha\"}",
                "{\"id\":\"two\",\"text\":\"SHO Preedy ne Kohsar police ko call kiya\"}"), StandardCharsets.UTF_8);
        Path output = dir.resolve("out.jsonl");
        Cli.Run run = classify("--input", input.toString(), "--output", output.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : outputLines(output)) {
            JsonNode node = JSON.readTree(line);
            assertContract(node, line);
            nodes.add(node);
        }
        assertThat(byId(nodes, "station").get("station").textValue()).isEqualTo("Sohrab Goth");
        assertThat(byId(nodes, "urdu").get("station").textValue()).as("the canonical name, not the words of the post").isEqualTo("Hatri");
        assertThat(byId(nodes, "area").get("station").isNull()).as("an area named on its own is no station").isTrue();
        assertThat(byId(nodes, "ambiguous").get("station").isNull()).as("Gulberg: Karachi, Lahore or Peshawar").isTrue();
        assertThat(byId(nodes, "two").get("station").textValue()).as("the first station of the post").isEqualTo("Preedy");
    }

    @Test
    void aMissingStationDirectoryFailsAtStartNamingTheFile(@TempDir Path dir) throws Exception {
        Path input = write(dir.resolve("in.jsonl"), MIXED);
        Path output = dir.resolve("out.jsonl");
        Path stations = dir.resolve("no-such-stations.yaml");
        Cli.Run run = Cli.run(new ClassifyCommand(), "--input", input.toString(), "--output", output.toString(),
                "--stations", stations.toString());
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains(stations.toString()).contains("no such file");
        assertThat(output).doesNotExist();
    }

    @Test
    void anInvalidStationDirectoryFailsAtStartWithTheDirectorysError(@TempDir Path dir) throws Exception {
        Path input = write(dir.resolve("in.jsonl"), MIXED);
        Path output = dir.resolve("out.jsonl");
        Path stations = Files.writeString(dir.resolve("stations.yaml"), "cities:\n  - name: Karachi\nstations:\n"
                + "  - {id: x, name: X, city: Atlantis, head: {rank: SHO, email: a@example.org}}\n");
        Cli.Run run = Cli.run(new ClassifyCommand(), "--input", input.toString(), "--output", output.toString(),
                "--stations", stations.toString());
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains(stations.toString()).contains("Atlantis");
        assertThat(output).doesNotExist();
    }

    private static void assertContract(JsonNode node, String line) {
        assertThat(fieldNames(node)).as("keys of %s", line).containsExactlyInAnyOrderElementsOf(KEYS);
        assertThat(node.get("id").isTextual()).as(line).isTrue();
        assertThat(node.get("label").isTextual()).as(line).isTrue();
        assertThat(LABELS).as(line).contains(node.get("label").textValue());
        assertThat(node.get("score").isNumber()).as(line).isTrue();
        assertThat(node.get("score").doubleValue()).as(line).isBetween(0.0, 1.0);
        assertThat(CATEGORIES).as(line).contains(node.get("category").textValue());
        assertThat(LANGS).as(line).contains(node.get("lang").textValue());
        assertThat(node.get("station").isNull() || node.get("station").isTextual()).as(line).isTrue();
        assertThat(node.get("why").isArray()).as(line).isTrue();
        node.get("why").forEach(w -> assertThat(w.isTextual()).as(line).isTrue());
        boolean flagged = node.get("label").textValue().equals("police_misconduct");
        assertThat(node.get("category").textValue().equals("none")).as("category none iff not_relevant: %s", line).isEqualTo(!flagged);
        if (!flagged) {
            assertThat(node.get("why")).as(line).isEmpty();
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static JsonNode byId(List<JsonNode> nodes, String id) {
        return nodes.stream().filter(n -> n.has("id") && n.get("id").asText().equals(id) && !n.has("error")).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + id));
    }
}
