import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Assembles the demo's sample stream, samples/posts.jsonl, and its answer key, samples/labels.jsonl,
 * around the hand-written texts in samples/texts/*.txt.
 *
 * <p>Run from the repository root: {@code java samples/GenerateSampleStream.java}. The texts are never
 * changed apart from filling in a parent's handle in replies; this program only adds what a platform
 * would: ids, authors, timestamps, media, metrics, reposts, copy-paste duplicates, the platform's
 * language guess, and twelve deliberately malformed lines. Everything random comes from one seeded
 * {@link Random} and a fixed base instant, so a rerun writes byte-identical files.
 */
public class GenerateSampleStream {

    static final long SEED = 20231106L;
    static final Instant BASE = Instant.parse("2023-11-01T00:00:00Z");
    static final long END_MS = Instant.parse("2023-11-20T23:59:59Z").toEpochMilli();
    static final int TOTAL_LINES = 2400;
    static final int MALFORMED_LINES = 12;
    static final double POSITIVE_SHARE = 0.35;
    static final int OVERSIZE_CHARS = 12_000;
    static final long X_EPOCH_MS = 1288834974657L;
    static final long DAY_MS = 86_400_000L;
    static final long MIN_MS = 60_000L;

    /** Activity by hour of day in Pakistan time (UTC+5), from midnight. */
    static final int[] PKT_HOUR_WEIGHTS = {6, 4, 2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 7, 7, 8, 9, 10, 10, 9, 8};

    static final Set<String> LANGS = Set.of("en", "ur-Latn", "ur", "mixed");
    /** Target language mix of the stream (true language of the text); reposts fill the gaps. */
    static final Map<String, Double> LANG_SHARE = new LinkedHashMap<>();
    static {
        LANG_SHARE.put("en", 0.50);
        LANG_SHARE.put("ur-Latn", 0.30);
        LANG_SHARE.put("ur", 0.15);
        LANG_SHARE.put("mixed", 0.05);
    }
    static final Map<String, String> CATEGORIES = Map.of(
            "H", "harassment", "E", "extortion", "V", "violence",
            "D", "unlawful_detention", "O", "other_misconduct", "N", "none");

    /** Account pools for posts flagged with a role; everyone else is a generated citizen handle. */
    static final Map<String, List<String>> ROLE_HANDLES = new LinkedHashMap<>();
    static {
        ROLE_HANDLES.put("police", List.of("sindhpolice_pr", "khi_police_desk", "ict_police_upd", "punjab_pol_info",
                "lhr_police_desk", "kp_police_desk", "quetta_pol_pr", "hyd_police_pr", "rwp_police_upd"));
        ROLE_HANDLES.put("traffic", List.of("khi_traffic_upd", "ctp_lhr_alerts", "ict_traffic_upd", "motorway_help"));
        ROLE_HANDLES.put("news", List.of("khabar_wire_pk", "metro_desk_khi", "urdu_samachar", "isb_bulletin",
                "lahore_ledger", "frontier_dsptch", "hyd_times_desk", "quetta_wire"));
        ROLE_HANDLES.put("jour", List.of("khi_crime_beat", "lhr_crime_notes", "isb_court_beat", "psh_reporter"));
        ROLE_HANDLES.put("rights", List.of("haqooq_forum", "afghan_voice_pk", "justice_lens_pk", "hrc_watch_pk"));
        ROLE_HANDLES.put("gov", List.of("moi_updates_pk", "sindh_govt_info", "portal_help_pk"));
    }

    /** Clips and photos shared by many posts: name -> {type, duration ms, eventual views}. */
    static final Map<String, long[]> NAMED_MEDIA = new LinkedHashMap<>();
    static final Map<String, String> NAMED_MEDIA_TYPE = new HashMap<>();
    static {
        namedMedia("site_main", "video", 47_000, 2_400_000);      // the viral SITE Super Highway clip
        namedMedia("site_angle2", "video", 21_000, 380_000);      // same scene, second phone, shorter
        namedMedia("site_long", "video", 134_000, 210_000);       // longer cut with the aftermath
        namedMedia("site_tvpkg", "video", 96_000, 150_000);       // a TV news package about the case
        namedMedia("ssp_statement", "video", 58_000, 90_000);     // police statement (not an allegation)
        namedMedia("hatri_clip", "video", 33_000, 120_000);       // Hatri, Hyderabad: men being taken in
        namedMedia("fir_copy", "photo", 0, 0);                    // photo of the FIR against the four
        namedMedia("suspension_order", "photo", 0, 0);            // photo of the suspension order
        namedMedia("portal_screens", "photo", 0, 0);              // screenshots of the complaints portal
    }

    static void namedMedia(String name, String type, long durationMs, long views) {
        NAMED_MEDIA.put(name, new long[] {durationMs, views});
        NAMED_MEDIA_TYPE.put(name, type);
    }

    record Text(String key, String where, int dayFrom, int dayTo, String lang, String category, String media,
                Set<String> roles, String reach, String replyTo, int copies, boolean origin, boolean oversize,
                String text) {
        boolean positive() { return !category.equals("none"); }
        String topic() { return where.substring(0, where.indexOf(':')); }
    }

    static final class Post {
        Text src;
        String id;
        String author;
        long ms;
        double sortKey;
        String text;
        String langGuess;
        List<String> mediaJson = new ArrayList<>();
        boolean hasVideo;
        long reposts, likes, views;
        String inReplyTo;
        Post original;        // for reposts
        int repostsInStream;
        String malformedRaw;  // set for the twelve dead-letter lines
    }

    final Random rnd = new Random(SEED);
    final Path dir;
    final List<Text> texts = new ArrayList<>();
    final List<String> citizens = new ArrayList<>();
    final Set<String> usedIds = new HashSet<>();
    final Map<String, String> mediaIds = new HashMap<>();
    final Map<String, Long> mediaFirstMs = new HashMap<>();

    GenerateSampleStream(Path dir) { this.dir = dir; }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0])
                : Files.isDirectory(Path.of("samples", "texts")) ? Path.of("samples") : Path.of(".");
        if (!Files.isDirectory(dir.resolve("texts"))) {
            throw new IllegalStateException("no texts/ folder under " + dir.toAbsolutePath()
                    + ": run from the repository root or pass the samples folder");
        }
        new GenerateSampleStream(dir).run();
    }

    void run() throws IOException {
        readTexts();
        makeCitizenHandles();
        for (String name : NAMED_MEDIA.keySet()) {
            mediaIds.put(name, Long.toString(1_700_000_000_000_000_000L + (rnd.nextLong() & 0xFFFF_FFFF_FFFFL)));
        }
        List<Post> originals = makeOriginals();
        List<Post> reposts = makeReposts(originals);
        List<Post> all = new ArrayList<>(originals);
        all.addAll(reposts);
        for (Post p : originals) metrics(p);
        finishMedia(all);
        all.sort(Comparator.comparingDouble((Post p) -> p.sortKey).thenComparing(p -> p.id));
        List<Post> lines = insertMalformed(all, originals);
        write(lines);
        updateReadme();
        report(lines);
    }

    // ---------------------------------------------------------------- texts

    void readTexts() throws IOException {
        List<Path> files;
        try (var s = Files.list(dir.resolve("texts"))) {
            files = s.filter(f -> f.toString().endsWith(".txt")).sorted().collect(Collectors.toList());
        }
        Set<String> keys = new HashSet<>();
        Map<String, String> seen = new HashMap<>();
        for (Path f : files) {
            String stem = f.getFileName().toString().replaceFirst("\\.txt$", "");
            List<String> raw = Files.readAllLines(f, StandardCharsets.UTF_8);
            for (int n = 1; n <= raw.size(); n++) {
                String line = raw.get(n - 1);
                if (line.isBlank() || line.startsWith("#")) continue;
                String where = stem + ":" + n;
                String[] c = line.split("\\|", 7);
                if (c.length != 7) fail(where, "expected 7 '|'-separated fields, got " + c.length);
                String key = c[0].equals("-") ? where : c[0];
                if (!keys.add(key)) fail(where, "duplicate key " + key);
                int[] days = parseDays(where, c[1]);
                String lang = c[2].equals("ru") ? "ur-Latn" : c[2].equals("mx") ? "mixed" : c[2];
                if (!LANGS.contains(lang)) fail(where, "lang must be en|ru|ur|mx, got " + c[2]);
                String cat = CATEGORIES.get(c[3]);
                if (cat == null) fail(where, "category must be one of " + CATEGORIES.keySet() + ", got " + c[3]);
                String media = c[4];
                if (!(media.equals("-") || media.equals("v") || media.equals("p")
                        || ((media.startsWith("V:") || media.startsWith("P:"))
                            && NAMED_MEDIA.containsKey(media.substring(2))))) {
                    fail(where, "media must be -, v, p, V:<name> or P:<name> with a known name, got " + media);
                }
                Set<String> roles = new LinkedHashSet<>();
                String reach = "", replyTo = null;
                int copies = 1;
                boolean oversize = false, origin = false;
                if (!c[5].equals("-")) {
                    for (String flag : c[5].split(",")) {
                        if (ROLE_HANDLES.containsKey(flag)) roles.add(flag);
                        else if (flag.matches("\\+{1,3}")) reach = flag;
                        else if (flag.startsWith("re:")) replyTo = flag.substring(3);
                        else if (flag.startsWith("copies:")) copies = Integer.parseInt(flag.substring(7));
                        else if (flag.equals("oversize")) oversize = true;
                        else if (flag.equals("origin")) origin = true;
                        else fail(where, "unknown flag " + flag);
                    }
                }
                String text = c[6].strip().replace("\\n", "\n");
                if (text.isEmpty()) fail(where, "empty text");
                if (text.contains("\t")) fail(where, "tab in text");
                if (!oversize && text.codePointCount(0, text.length()) > 280 + 20) {
                    fail(where, "text longer than ~280 characters (" + text.length() + ")");
                }
                String norm = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
                if (seen.containsKey(norm)) fail(where, "same text as " + seen.get(norm));
                seen.put(norm, where);
                texts.add(new Text(key, where, days[0], days[1], lang, cat, media, roles, reach, replyTo,
                        copies, origin, oversize, text));
            }
        }
        Set<String> all = texts.stream().map(Text::key).collect(Collectors.toSet());
        for (Text t : texts) {
            if (t.replyTo() != null && !all.contains(t.replyTo())) fail(t.where(), "reply to unknown key " + t.replyTo());
        }
        if (texts.stream().filter(Text::oversize).count() != 1) {
            throw new IllegalStateException("exactly one text must carry the 'oversize' flag");
        }
    }

    static int[] parseDays(String where, String s) {
        if (s.equals("*")) return new int[] {1, 20};
        if (!s.matches("\\d{1,2}(-\\d{1,2})?")) fail(where, "day must be N, N-M or *, got " + s);
        String[] p = s.split("-");
        int a = Integer.parseInt(p[0]), b = p.length > 1 ? Integer.parseInt(p[1]) : a;
        if (a < 1 || b > 20 || a > b) fail(where, "day must be within 1-20, got " + s);
        return new int[] {a, b};
    }

    static void fail(String where, String msg) {
        throw new IllegalArgumentException("texts/" + where + ": " + msg);
    }

    // ---------------------------------------------------------------- accounts

    void makeCitizenHandles() {
        String[] first = {"karachi", "khi", "lahori", "lhr", "isb", "pindi", "rwp", "peshawari", "psh", "quetta",
                "hyd", "sindhi", "punjabi", "pakhtun", "desi", "chai", "biryani", "cricket", "smog", "metro",
                "campus", "rickshaw", "bazaar", "chowk", "gali", "mohalla", "naya", "sada", "asli", "sheher",
                "jugnu", "sitara", "badal", "barish", "kite", "mango", "samosa", "qehwa", "gulab", "chand",
                "safar", "raasta", "kitab", "qalam", "zameen", "darya", "pahar", "nukkar", "dhaba", "thela"};
        String[] second = {"citizen", "wala", "wali", "voice", "diaries", "observer", "mind", "talks", "baat",
                "fan", "lover", "guy", "kuri", "munda", "walay", "insaan", "dost", "nama", "awaz", "log",
                "soch", "khayal", "dil", "yaar", "raahi", "musafir", "writes", "tweets", "notes", "hoon"};
        Set<String> set = new LinkedHashSet<>();
        while (set.size() < 1400) {
            String a = first[rnd.nextInt(first.length)], b = second[rnd.nextInt(second.length)];
            String sep = rnd.nextInt(3) == 0 ? "" : "_";
            String digits = switch (rnd.nextInt(4)) {
                case 0 -> "";
                case 1 -> "_" + (70 + rnd.nextInt(36)) % 100;
                case 2 -> Integer.toString(rnd.nextInt(100));
                default -> Integer.toString(100 + rnd.nextInt(9900));
            };
            String h = a + sep + b + digits;
            if (h.length() <= 15) set.add(h);
        }
        citizens.addAll(set);
        Collections.shuffle(citizens, rnd);
    }

    /** Some accounts post a lot, most rarely: skew towards the front of the shuffled pool. */
    String citizen() {
        return citizens.get((int) (citizens.size() * StrictMath.pow(rnd.nextDouble(), 1.8)));
    }

    String author(Text t) {
        if (t.roles().isEmpty()) return citizen();
        List<String> pool = new ArrayList<>();
        for (String r : t.roles()) pool.addAll(ROLE_HANDLES.get(r));
        return pool.get(rnd.nextInt(pool.size()));
    }

    // ---------------------------------------------------------------- posts

    long dayTime(int dayFrom, int dayTo) {
        int day = dayFrom + rnd.nextInt(dayTo - dayFrom + 1);
        int total = Arrays.stream(PKT_HOUR_WEIGHTS).sum(), r = rnd.nextInt(total), pktHour = 0;
        while (r >= PKT_HOUR_WEIGHTS[pktHour]) r -= PKT_HOUR_WEIGHTS[pktHour++];
        long ms = BASE.toEpochMilli() + (day - 1) * DAY_MS + (pktHour - 5) * 3_600_000L
                + rnd.nextInt(3600) * 1000L;
        return Math.max(BASE.toEpochMilli() + rnd.nextInt(3600) * 1000L, Math.min(ms, END_MS));
    }

    /** Delay after an earlier post, log-normal around {@code medianMin} minutes, kept inside the window. */
    long after(long ms, double medianMin) {
        double d = medianMin * StrictMath.exp(rnd.nextGaussian() * 1.1);
        long t = ms + 20_000L + (long) (d * MIN_MS);
        return t <= END_MS ? t : ms + (long) ((END_MS - ms) * rnd.nextDouble());
    }

    String snowflake(long ms) {
        while (true) {
            long id = ((ms - X_EPOCH_MS) << 22) | ((long) rnd.nextInt(1024) << 12) | rnd.nextInt(4096);
            if (usedIds.add(Long.toString(id))) return Long.toString(id);
        }
    }

    Post newPost(Text t, String author, long ms) {
        Post p = new Post();
        p.src = t;
        p.author = author;
        p.ms = ms;
        p.id = snowflake(ms);
        p.sortKey = ms + (rnd.nextDouble() < 0.12 ? rnd.nextGaussian() * 9 * MIN_MS : 0);
        return p;
    }

    List<Post> makeOriginals() {
        Map<String, Post> byKey = new HashMap<>();
        List<Post> out = new ArrayList<>();
        List<Text> pending = new ArrayList<>();
        // A clip's first upload ('origin') is placed first; every other post carrying that clip, or from the
        // same topic file, comes later.
        Map<String, Long> originMs = new HashMap<>();
        List<Text> ordered = new ArrayList<>(texts);
        ordered.sort(Comparator.comparing((Text t) -> !t.origin()));
        for (Text t : ordered) {
            if (t.oversize()) continue;
            if (t.replyTo() != null) { pending.add(t); continue; }
            long ms = dayTime(t.dayFrom(), t.dayTo());
            String clip = t.media().length() > 2 ? t.media().substring(2) : "";
            if (t.origin()) {
                originMs.put(clip, ms);
                originMs.put(t.topic(), ms);
            } else {
                long first = Math.max(originMs.getOrDefault(clip, Long.MIN_VALUE), originMs.getOrDefault(t.topic(), Long.MIN_VALUE));
                if (ms <= first) ms = after(first, 150);
            }
            Post p = newPost(t, author(t), ms);
            p.text = t.text();
            out.add(p);
            byKey.put(t.key(), p);
        }
        // Replies may answer replies: resolve in rounds until every parent exists.
        while (!pending.isEmpty()) {
            List<Text> next = new ArrayList<>();
            for (Text t : pending) {
                Post parent = byKey.get(t.replyTo());
                if (parent == null) { next.add(t); continue; }
                String a;
                do a = author(t); while (a.equals(parent.author));
                Post p = newPost(t, a, after(parent.ms, 50));
                p.text = t.text().replace("{p}", "@" + parent.author);
                p.inReplyTo = parent.id;
                out.add(p);
                byKey.put(t.key(), p);
            }
            if (next.size() == pending.size()) throw new IllegalStateException("reply cycle among " + next);
            pending = next;
        }
        // Copy-paste campaigns: the same text posted verbatim by other accounts soon after.
        List<Post> copies = new ArrayList<>();
        for (Post p : out) {
            for (int i = 1; i < p.src.copies(); i++) {
                Post c = newPost(p.src, citizen(), after(p.ms, 90));
                c.text = p.text;
                copies.add(c);
            }
        }
        out.addAll(copies);
        for (Post p : out) p.langGuess = guessLang(p.src.lang(), p.text.length());
        return out;
    }

    List<Post> makeReposts(List<Post> originals) {
        int wellFormed = TOTAL_LINES - MALFORMED_LINES;
        int positives = (int) Math.round(POSITIVE_SHARE * wellFormed);
        long origPos = originals.stream().filter(p -> p.src.positive()).count();
        long origNeg = originals.size() - origPos;
        int rtPos = (int) (positives - origPos), rtNeg = (int) (wellFormed - positives - origNeg);
        if (rtPos < 0 || rtNeg < 0) {
            throw new IllegalStateException("too many texts for " + wellFormed + " posts at " + POSITIVE_SHARE
                    + " positive: " + origPos + " positive and " + origNeg + " negative originals");
        }
        List<Post> out = new ArrayList<>();
        for (boolean positive : new boolean[] {true, false}) {
            int labelTarget = positive ? positives : wellFormed - positives;
            int rtTotal = positive ? rtPos : rtNeg;
            // Share the label's reposts among languages by how far each language is below its target share.
            Map<String, List<Post>> byLang = new LinkedHashMap<>();
            for (String lang : LANG_SHARE.keySet()) byLang.put(lang, new ArrayList<>());
            for (Post p : originals) if (p.src.positive() == positive) byLang.get(p.src.lang()).add(p);
            Map<String, Double> deficit = new LinkedHashMap<>();
            double deficitSum = 0;
            for (var e : LANG_SHARE.entrySet()) {
                double d = Math.max(0, e.getValue() * labelTarget - byLang.get(e.getKey()).size());
                deficit.put(e.getKey(), d);
                deficitSum += d;
            }
            Map<String, Integer> quota = new LinkedHashMap<>();
            int given = 0;
            for (var e : deficit.entrySet()) {
                int q = (int) Math.floor(rtTotal * e.getValue() / deficitSum);
                quota.put(e.getKey(), q);
                given += q;
            }
            List<String> byRemainder = new ArrayList<>(deficit.keySet());
            double sumFinal = deficitSum;
            byRemainder.sort(Comparator.comparingDouble((String l) ->
                    -(rtTotal * deficit.get(l) / sumFinal - quota.get(l))).thenComparing(l -> l));
            for (int i = 0; given < rtTotal; i++, given++) quota.merge(byRemainder.get(i % byRemainder.size()), 1, Integer::sum);
            for (String lang : LANG_SHARE.keySet()) out.addAll(repostsFrom(byLang.get(lang), quota.get(lang)));
        }
        return out;
    }

    /** Reposts go mostly to a few posts: weights are heavy-tailed and raised by the text's reach flag. */
    List<Post> repostsFrom(List<Post> pool, int n) {
        double[] w = new double[pool.size()];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            Post p = pool.get(i);
            double base = switch (p.src.reach()) { case "+++" -> 250; case "++" -> 40; case "+" -> 7; default -> 1; };
            if (p.inReplyTo != null) base *= 0.15;
            if (!p.src.roles().isEmpty()) base *= 1.5;
            // Most ordinary posts are never reposted; flagged ones always get their share.
            double damp = p.src.reach().isEmpty() && rnd.nextDouble() < 0.5 ? 0.05 : 1;
            w[i] = base * StrictMath.exp(rnd.nextGaussian() * (p.src.reach().isEmpty() ? 1.0 : 0.5)) * damp;
            sum += w[i];
        }
        List<Post> out = new ArrayList<>();
        Map<Post, Set<String>> reposters = new HashMap<>();
        for (int k = 0; k < n; k++) {
            double r = rnd.nextDouble() * sum;
            int i = 0;
            while (i < w.length - 1 && r >= w[i]) r -= w[i++];
            Post o = pool.get(i);
            Set<String> who = reposters.computeIfAbsent(o, x -> new HashSet<>(Set.of(o.author)));
            String a;
            do a = citizen(); while (!who.add(a));
            Post rt = newPost(o.src, a, after(o.ms, o.src.reach().startsWith("++") ? 300 : 120));
            rt.original = o;
            rt.text = "RT @" + o.author + ": " + o.text;
            rt.langGuess = o.langGuess;
            o.repostsInStream++;
            out.add(rt);
        }
        return out;
    }

    String guessLang(String lang, int length) {
        if (rnd.nextDouble() < (length < 40 ? 0.15 : 0.04)) return null;
        double r = rnd.nextDouble();
        return switch (lang) {
            case "en" -> r < 0.96 ? "en" : r < 0.98 ? "ur-Latn" : "mixed";
            case "ur" -> r < 0.97 ? "ur" : "mixed";
            case "ur-Latn" -> r < 0.62 ? "ur-Latn" : r < 0.90 ? "en" : "mixed";
            default -> r < 0.45 ? "mixed" : r < 0.80 ? "en" : r < 0.90 ? "ur-Latn" : "ur";
        };
    }

    // ---------------------------------------------------------------- media and metrics

    void finishMedia(List<Post> all) {
        for (Post p : all) {
            String m = p.src.media();
            if (m.length() > 2 && p.original == null) {
                mediaFirstMs.merge(m.substring(2), p.ms, Math::min);
            }
        }
        List<Post> byTime = new ArrayList<>(all);
        byTime.sort(Comparator.comparingLong((Post p) -> p.ms).thenComparing(p -> p.id));
        for (Post p : byTime) {
            if (p.original != null) continue;
            String m = p.src.media();
            if (m.equals("-")) continue;
            String name = m.length() > 2 ? m.substring(2) : null;
            String type = name != null ? NAMED_MEDIA_TYPE.get(name) : m.equals("v") ? "video" : "photo";
            String mid = name != null ? mediaIds.get(name)
                    : Long.toString(Long.parseLong(p.id) + 1 + rnd.nextInt(4000));
            p.hasVideo = type.equals("video");
            if (p.hasVideo) {
                long duration = name != null ? NAMED_MEDIA.get(name)[0] : 6_000 + rnd.nextInt(170_000);
                // A clip's plays: at least a share of this post's views; a shared clip also grows with its age.
                long views = (long) (p.views * (0.3 + 0.5 * rnd.nextDouble()));
                if (name != null) {
                    views = Math.max(views, (long) (NAMED_MEDIA.get(name)[1]
                            * (1 - StrictMath.exp(-(p.ms - mediaFirstMs.get(name)) / (1.3 * DAY_MS)))));
                }
                StringBuilder j = new StringBuilder("{\"type\":\"video\",\"url\":\"https://video.example.org/v/")
                        .append(mid).append(".mp4\",\"preview_url\":\"https://video.example.org/p/").append(mid)
                        .append(".jpg\",\"duration_ms\":").append(duration);
                if (rnd.nextDouble() >= 0.1) j.append(",\"view_count\":").append(views);
                p.mediaJson.add(j.append('}').toString());
            } else {
                int n = name != null ? 1 : rnd.nextDouble() < 0.8 ? 1 : 2 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    String pid = i == 0 ? mid : mid + "_" + i;
                    p.mediaJson.add("{\"type\":\"photo\",\"url\":\"https://media.example.org/img/" + pid
                            + ".jpg\",\"preview_url\":\"https://media.example.org/img/" + pid + "_thumb.jpg\"}");
                }
            }
            // X puts a link to the attached media at the end of the text about half the time.
            if (rnd.nextDouble() < 0.5 && p.src.copies() == 1) {
                p.text = p.text + " https://x.com/" + p.author + "/status/" + p.id + (p.hasVideo ? "/video/1" : "/photo/1");
            }
        }
        for (Post p : all) {
            if (p.original != null) {
                p.mediaJson = p.original.mediaJson;
                p.hasVideo = p.original.hasVideo;
                p.text = "RT @" + p.original.author + ": " + p.original.text;
            }
        }
    }

    void metrics(Post p) {
        Text t = p.src;
        double views = 260 * StrictMath.exp(rnd.nextGaussian() * (t.reach().isEmpty() ? 1.4 : 0.6));
        views *= switch (t.reach()) { case "+++" -> 400; case "++" -> 60; case "+" -> 9; default -> 1; };
        if (t.roles().contains("news") || t.roles().contains("police") || t.roles().contains("gov")) views *= 5;
        if (p.inReplyTo != null) views *= 0.2;
        p.views = Math.max(3, (long) views);
        p.likes = (long) (p.views * (0.004 + 0.035 * rnd.nextDouble()));
        p.reposts = Math.max(p.repostsInStream + (long) (p.repostsInStream * 2.5 * rnd.nextDouble()),
                (long) (p.likes * (0.05 + 0.3 * rnd.nextDouble())));
        // Keep the three numbers in proportion for much-reposted posts too.
        p.likes = Math.max(p.likes, (long) (p.reposts * (1.5 + 4 * rnd.nextDouble())) + rnd.nextInt(4));
        p.views = Math.max(p.views, (long) (p.likes * (15 + 45 * rnd.nextDouble())));
    }

    // ---------------------------------------------------------------- output

    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
                    else b.append(ch);
                }
            }
        }
        return b.append('"').toString();
    }

    static String iso(long ms) {
        return Instant.ofEpochMilli(ms - ms % 1000).toString().replace("Z", ".000Z");
    }

    /** The post as one JSON line; {@code idJson}, {@code textJson} etc. let the malformed variants bend a field. */
    static String line(Post p, String idJson, String textJson, String createdJson, String mediaJson, String viewsJson) {
        StringBuilder b = new StringBuilder("{\"platform\":\"x\"");
        if (idJson != null) b.append(",\"id\":").append(idJson);
        b.append(",\"url\":").append(json("https://x.com/" + p.author + "/status/" + p.id));
        b.append(",\"author\":").append(json(p.author));
        if (textJson != null) b.append(",\"text\":").append(textJson);
        b.append(",\"created_at\":").append(createdJson);
        b.append(",\"lang\":").append(p.langGuess == null ? "null" : json(p.langGuess));
        b.append(",\"media\":").append(mediaJson);
        long reposts = p.original != null ? 0 : p.reposts, likes = p.original != null ? 0 : p.likes;
        b.append(",\"metrics\":{\"reposts\":").append(reposts).append(",\"likes\":").append(likes)
                .append(",\"views\":").append(viewsJson).append('}');
        b.append(",\"in_reply_to\":").append(p.inReplyTo == null ? "null" : json(p.inReplyTo));
        b.append(",\"repost_of\":").append(p.original == null ? "null" : json(p.original.id));
        return b.append('}').toString();
    }

    static String line(Post p) {
        return line(p, json(p.id), json(p.text), json(iso(p.ms)), "[" + String.join(",", p.mediaJson) + "]",
                Long.toString(p.original != null ? 0 : p.views));
    }

    static final String[] MALFORMED_KINDS = {
        "truncated JSON (line cut off mid-object)",
        "`id` missing",
        "`text` missing",
        "`text` empty",
        "`created_at` is not a date (\"yesterday\")",
        "`metrics.views` is a string (\"1.2k\")",
        "`media` is an object, not a list",
        "a JSON array instead of an object",
        "an empty object `{}`",
        "plain text (log noise), not JSON",
        "`text` of 12,000 characters (over the 10,000-character limit)",
        "`id` is an object, not a string or number",
    };

    final List<String[]> malformedReport = new ArrayList<>();

    List<Post> insertMalformed(List<Post> wellFormed, List<Post> originals) {
        List<Integer> kinds = new ArrayList<>();
        for (int k = 0; k < MALFORMED_LINES; k++) kinds.add(k);
        Collections.shuffle(kinds, rnd);
        String oversizeText = texts.stream().filter(Text::oversize).findFirst().orElseThrow().text();
        List<Post> candidates = originals.stream()
                .filter(p -> p.inReplyTo == null && p.src.copies() == 1).collect(Collectors.toList());
        List<Post> lines = new ArrayList<>(wellFormed);
        int n = wellFormed.size();
        // Insert from the back so earlier positions stay valid.
        for (int k = MALFORMED_LINES - 1; k >= 0; k--) {
            int at = (int) ((k + 0.5) * n / MALFORMED_LINES) + rnd.nextInt(61) - 30;
            Post near = wellFormed.get(Math.min(at, n - 1));
            Post base = candidates.get(rnd.nextInt(candidates.size()));
            Post m = newPost(base.src, citizen(), Math.min(END_MS, near.ms + rnd.nextInt(240_000)));
            m.text = base.text;
            m.langGuess = base.langGuess;
            metrics(m);
            m.mediaJson = new ArrayList<>();
            String ok = line(m);
            String media = "[]";
            int kind = kinds.get(k);
            String idShown = m.id;
            String raw = switch (kind) {
                case 0 -> ok.substring(0, (int) (ok.length() * (0.45 + 0.2 * rnd.nextDouble())));
                case 1 -> line(m, null, json(m.text), json(iso(m.ms)), media, Long.toString(m.views));
                case 2 -> line(m, json(m.id), null, json(iso(m.ms)), media, Long.toString(m.views));
                case 3 -> line(m, json(m.id), "\"\"", json(iso(m.ms)), media, Long.toString(m.views));
                case 4 -> line(m, json(m.id), json(m.text), "\"yesterday\"", media, Long.toString(m.views));
                case 5 -> line(m, json(m.id), json(m.text), json(iso(m.ms)), media, "\"1.2k\"");
                case 6 -> line(m, json(m.id), json(m.text), json(iso(m.ms)),
                        "{\"type\":\"video\",\"url\":\"https://video.example.org/v/" + m.id
                                + ".mp4\",\"preview_url\":\"https://video.example.org/p/" + m.id
                                + ".jpg\",\"duration_ms\":31000,\"view_count\":5120}",
                        Long.toString(m.views));
                case 7 -> "[" + ok + "]";
                case 8 -> "{}";
                case 9 -> {
                    idShown = "-";
                    yield iso(m.ms).replace('T', ' ').replace(".000Z", ",417") + " WARN  [poller-2]"
                            + " o.n.jobs.source.SearchPoller - rate limit remaining=2, backing off 60000 ms";
                }
                case 10 -> {
                    StringBuilder big = new StringBuilder();
                    while (big.length() < OVERSIZE_CHARS) big.append(oversizeText).append("\n\n");
                    yield line(m, json(m.id), json(big.substring(0, OVERSIZE_CHARS)), json(iso(m.ms)), media,
                            Long.toString(m.views));
                }
                default -> line(m, "{\"$numberLong\":" + json(m.id) + "}", json(m.text), json(iso(m.ms)), media,
                        Long.toString(m.views));
            };
            if (kind == 7 || kind == 8 || kind == 9) idShown = kind == 7 ? m.id + " (inside the array)" : "-";
            m.malformedRaw = raw;
            lines.add(Math.min(at, lines.size()), m);
            malformedReport.add(new String[] {null, idShown, MALFORMED_KINDS[kind]});
        }
        Collections.reverse(malformedReport);
        int r = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).malformedRaw != null) malformedReport.get(r++)[0] = Integer.toString(i + 1);
        }
        return lines;
    }

    static boolean aboutSiteCase(Post p) {
        String m = p.src.media(), t = p.src.text();
        return p.src.topic().startsWith("01") || m.startsWith("V:site") || m.equals("P:fir_copy")
                || m.equals("P:suspension_order") || t.contains("SITE Super Highway") || t.contains("سائٹ سپر ہائی وے");
    }

    /** Keeps the table of malformed lines in README.md (between two marker comments) in step with the stream. */
    void updateReadme() throws IOException {
        Path readme = dir.resolve("README.md");
        if (!Files.exists(readme)) return;
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String start = "<!-- malformed:start -->", end = "<!-- malformed:end -->";
        int a = text.indexOf(start), b = text.indexOf(end);
        if (a < 0 || b < a) return;
        StringBuilder table = new StringBuilder(start).append("\n| line | id | why it must be dead-lettered |\n|---:|---|---|\n");
        for (String[] m : malformedReport) table.append("| ").append(m[0]).append(" | ").append(m[1]).append(" | ").append(m[2]).append(" |\n");
        Files.writeString(readme, text.substring(0, a) + table + text.substring(b), StandardCharsets.UTF_8);
    }

    void write(List<Post> lines) throws IOException {
        StringBuilder posts = new StringBuilder(), labels = new StringBuilder();
        for (Post p : lines) {
            if (p.malformedRaw != null) {
                posts.append(p.malformedRaw).append('\n');
                continue;
            }
            posts.append(line(p)).append('\n');
            labels.append("{\"id\":").append(json(p.id))
                    .append(",\"label\":").append(json(p.src.positive() ? "police_misconduct" : "not_relevant"))
                    .append(",\"category\":").append(json(p.src.category())).append("}\n");
        }
        Files.writeString(dir.resolve("posts.jsonl"), posts, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("labels.jsonl"), labels, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- report

    void report(List<Post> lines) throws IOException {
        List<Post> ok = lines.stream().filter(p -> p.malformedRaw == null).collect(Collectors.toList());
        System.out.printf("lines %d = %d well-formed + %d malformed%n", lines.size(), ok.size(),
                lines.size() - ok.size());
        System.out.printf("hand-written texts %d (+1 oversize paragraph), distinct texts in stream %d%n",
                texts.size() - 1, ok.stream().filter(p -> p.original == null).map(p -> p.src.key()).distinct().count());
        System.out.printf("originals %d, reposts %d, replies %d, copy-paste duplicates %d%n",
                ok.stream().filter(p -> p.original == null).count(),
                ok.stream().filter(p -> p.original != null).count(),
                ok.stream().filter(p -> p.inReplyTo != null).count(),
                ok.stream().filter(p -> p.original == null).count()
                        - ok.stream().filter(p -> p.original == null).map(p -> p.src.key()).distinct().count());
        count("label", ok, p -> p.src.positive() ? "police_misconduct" : "not_relevant");
        count("category", ok, p -> p.src.category());
        count("lang (true)", ok, p -> p.src.lang());
        count("lang (platform guess)", ok, p -> String.valueOf(p.langGuess));
        count("has video", ok, p -> Boolean.toString(p.hasVideo));
        count("topic file", ok, p -> p.src.topic());
        count("label in topic 01", ok.stream().filter(p -> p.src.topic().startsWith("01")).collect(Collectors.toList()),
                p -> p.src.positive() ? "police_misconduct" : "not_relevant");
        count("posts carrying the viral SITE clip", ok, p -> Boolean.toString(p.src.media().equals("V:site_main")));
        List<Post> site = ok.stream().filter(GenerateSampleStream::aboutSiteCase).collect(Collectors.toList());
        System.out.printf("posts about the SITE Super Highway case: %d%n", site.size());
        count("  by language", site, p -> p.src.lang());
        count("  by label", site, p -> p.src.positive() ? "police_misconduct" : "not_relevant");
        count("  by clip", site, p -> p.src.media().startsWith("V:site") ? p.src.media().substring(2) : "other/none");
        count("day", ok, p -> iso(p.ms).substring(0, 10));
        System.out.printf("unique ids: %s%n", ok.stream().map(p -> p.id).distinct().count() == ok.size());
        System.out.println("malformed lines (line | id | reason):");
        for (String[] m : malformedReport) System.out.printf("| %s | %s | %s |%n", m[0], m[1], m[2]);
        for (String f : List.of("posts.jsonl", "labels.jsonl")) {
            System.out.printf("%s: %,d bytes%n", f, Files.size(dir.resolve(f)));
        }
    }

    static <T> void count(String what, List<Post> posts, java.util.function.Function<Post, String> f) {
        Map<String, Integer> m = new TreeMap<>();
        for (Post p : posts) m.merge(f.apply(p), 1, Integer::sum);
        String body = m.entrySet().stream()
                .map(e -> String.format("%s=%d (%.1f%%)", e.getKey(), e.getValue(), 100.0 * e.getValue() / posts.size()))
                .collect(Collectors.joining(", "));
        System.out.println(what + ": " + body);
    }
}
