package io.github.unode.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.data.Split;
import io.github.unode.eval.EvaluationListener;
import io.github.unode.eval.Method;
import io.github.unode.eval.Methods;
import io.github.unode.eval.TaskResult;
import io.github.unode.eval.corrupt.Corruption;
import io.github.unode.eval.metrics.Metrics;
import io.github.unode.eval.report.EvaluationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocols' bookkeeping, with cheap methods (no training) so that every figure can be recomputed. */
class ProtocolTest {
    private static ImageSet train;
    private static ImageSet test;

    /** Scores an image by its mean brightness: deterministic, instant, and independent of the inliers. */
    static final Method BRIGHTNESS = new Method() {
        @Override
        public String name() {
            return "brightness";
        }

        @Override
        public Fitted fit(ImageSet inliers, long seed) {
            return new Fitted() {
                @Override
                public double[] score(ImageSet images) {
                    return brightness(images);
                }

                @Override
                public void close() {}
            };
        }
    };

    static double[] brightness(ImageSet images) {
        float[] v = images.toFloatArray();
        int px = images.shape().pixels();
        double[] out = new double[images.size()];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int k = 0; k < px; k++) {
                s += v[i * px + k];
            }
            out[i] = s / px;
        }
        return out;
    }

    @BeforeAll
    static void load() throws Exception {
        train = ImageSets.bundledFashionMnist(Split.TRAIN);
        test = ImageSets.bundledFashionMnist(Split.TEST).first(600);
    }

    @AfterAll
    static void close() {
        train.close();
        test.close();
    }

    @Test
    void corruptedTestSetsCanBeASampleOfTheCleanOne() {
        List<TaskResult> r = OneClassProtocol.run("fmnist", train, test, List.of(BRIGHTNESS), new OneClassProtocol.Config(
                List.of(8), 50, 0, List.of(Corruption.CONTRAST), 3, 5, List.of(), 120), EvaluationListener.printing(System.out));
        assertThat(r).extracting(TaskResult::condition).containsExactly("clean", "contrast-3");
        assertThat(r.get(0).novel()).hasSize(test.size());
        TaskResult corrupted = r.get(1);
        assertThat(corrupted.novel()).hasSize(120);
        assertThat(corrupted.scores()).hasSize(120);
        int inliers = 0;
        for (boolean b : corrupted.novel()) {
            inliers += b ? 0 : 1;
        }
        assertThat(corrupted.metrics().novel()).isEqualTo(120 - inliers);
        assertThat(inliers).as("the sample keeps some inliers of class 8").isPositive();
    }

    @Test
    void scoreVariantsOfOneFitAreReportedAsTheirOwnRows() {
        int[] fits = {0};
        Method parts = new Method() {
            @Override
            public String name() {
                return "parts";
            }

            @Override
            public Fitted fit(ImageSet inliers, long seed) {
                fits[0]++;
                return new Fitted() {
                    @Override
                    public double[] score(ImageSet images) {
                        return brightness(images);
                    }

                    @Override
                    public java.util.Map<String, double[]> scoreVariants(ImageSet images) {
                        double[] b = brightness(images);
                        double[] inv = new double[b.length];
                        for (int i = 0; i < b.length; i++) {
                            inv[i] = -b[i];
                        }
                        java.util.Map<String, double[]> m = new java.util.LinkedHashMap<>();
                        m.put("", b);
                        m.put("inverted", inv);
                        return m;
                    }

                    @Override
                    public double threshold() {
                        return 0.5;
                    }

                    @Override
                    public void close() {}
                };
            }
        };
        List<TaskResult> r = OneClassProtocol.run("fmnist", train, test, List.of(parts), new OneClassProtocol.Config(
                List.of(8), 100, 0, List.of(), 3, 5, List.of()), EvaluationListener.printing(System.out));
        assertThat(fits[0]).as("one fit serves every variant").isEqualTo(1);
        assertThat(r).extracting(TaskResult::method).containsExactly("parts", "parts (inverted)");
        assertThat(r.get(1).metrics().auroc()).isCloseTo(1 - r.get(0).metrics().auroc(), within(1e-12));
        assertThat(r.get(0).metrics().threshold()).isEqualTo(0.5);
        assertThat(r.get(1).metrics().threshold()).as("a variant has no calibrated threshold").isNaN();
        List<TaskResult> open = MultiClassProtocol.openSet("fmnist", train, test, new int[] {0, 1}, List.of(parts), 5,
                EvaluationListener.printing(System.out));
        assertThat(open).extracting(TaskResult::method).containsExactly("parts", "parts (inverted)");
        assertThat(open.get(1).metrics().auroc()).isCloseTo(1 - open.get(0).metrics().auroc(), within(1e-12));
    }

    @Test
    void oneClassRunsEveryMethodOnEveryClassAndCondition(@TempDir Path tmp) throws Exception {
        List<Method> methods = List.of(BRIGHTNESS, Methods.pixelNearestNeighbour());
        List<TaskResult> r = OneClassProtocol.run("fmnist", train, test, methods, new OneClassProtocol.Config(
                List.of(1, 8), 200, 0, List.of(Corruption.CONTRAST), 3, 5, List.of()), EvaluationListener.printing(System.out));
        assertThat(r).hasSize(2 * 2 * 2); // classes x methods x conditions
        // recompute one AUROC by hand: brightness on class 8, clean
        TaskResult t = r.stream().filter(x -> x.setting().equals("class 8") && x.method().equals("brightness")
                && x.clean()).findFirst().orElseThrow();
        boolean[] novel = new boolean[test.size()];
        for (int i = 0; i < novel.length; i++) {
            novel[i] = test.label(i) != 8;
        }
        assertThat(t.novel()).containsExactly(novel);
        assertThat(t.metrics().auroc()).isCloseTo(Metrics.auroc(brightness(test), novel), within(1e-12));
        int expectedNovel = 0;
        for (boolean b : novel) {
            expectedNovel += b ? 1 : 0;
        }
        assertThat(t.metrics().novel()).isEqualTo(expectedNovel).isPositive();

        EvaluationReport report = new EvaluationReport("test", "cmd", "machine", r);
        double a1 = r.stream().filter(x -> x.method().equals("raw-pixel NN") && x.clean() && x.setting().equals("class 1"))
                .findFirst().orElseThrow().metrics().auroc();
        double a8 = r.stream().filter(x -> x.method().equals("raw-pixel NN") && x.clean() && x.setting().equals("class 8"))
                .findFirst().orElseThrow().metrics().auroc();
        EvaluationReport.Spread s = report.auroc("fmnist", "clean", "raw-pixel NN");
        assertThat(s.mean()).isCloseTo((a1 + a8) / 2, within(1e-12));
        assertThat(s.std()).isCloseTo(Math.abs(a1 - a8) / 2, within(1e-12));
        assertThat(report.conditions()).containsExactly("clean", "contrast-3");
        assertThat(report.summary()).contains("contrast-3").contains("all corruptions").contains("raw-pixel NN");

        report.write(tmp);
        assertThat(Files.readString(tmp.resolve("report.md"))).contains("| fmnist | class 8 | contrast-3 | brightness |");
        assertThat(Files.readAllLines(tmp.resolve("results.csv"))).hasSize(9);
        JsonObject json = JsonParser.parseString(Files.readString(tmp.resolve("results.json"))).getAsJsonObject();
        assertThat(json.getAsJsonArray("results")).hasSize(8);
        assertThat(json.getAsJsonObject("summary").getAsJsonObject("fmnist").getAsJsonObject("clean")
                .getAsJsonObject("raw-pixel NN").get("meanAuroc").getAsDouble()).isCloseTo(s.mean(), within(1e-12));
        try (var plots = Files.list(tmp.resolve("plots"))) {
            assertThat(plots.map(p -> p.getFileName().toString()).toList())
                    .contains("roc-fmnist-class-1.png", "scores-fmnist-class-8.png").hasSize(4);
        }

        // every per-image score, read back: one row per image per result, the scores and flags as scored
        report.writeScores(tmp.resolve("scores.csv.gz"));
        List<String> lines;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
                Files.newInputStream(tmp.resolve("scores.csv.gz"))), java.nio.charset.StandardCharsets.UTF_8))) {
            lines = in.lines().toList();
        }
        assertThat(lines.get(0)).isEqualTo("dataset,setting,condition,method,image,novel,score");
        int rows = r.stream().mapToInt(x -> x.scores().length).sum();
        assertThat(lines).hasSize(1 + rows);
        List<String> mine = lines.stream().filter(l -> l.startsWith("fmnist,class 8,clean,brightness,")).toList();
        assertThat(mine).hasSize(t.scores().length);
        for (int i = 0; i < mine.size(); i++) {
            String[] f = mine.get(i).split(",");
            assertThat(Integer.parseInt(f[4])).isEqualTo(i);
            assertThat(f[5]).isEqualTo(novel[i] ? "1" : "0");
            assertThat(Double.parseDouble(f[6])).isEqualTo(t.scores()[i]); // exact: written in full precision
        }
    }

    @Test
    void acrossDataSetsTheSpreadIsOverTheDataSetMeans() {
        List<Method> methods = List.of(BRIGHTNESS);
        List<TaskResult> a = OneClassProtocol.run("A", train, test, methods, new OneClassProtocol.Config(List.of(1, 2), 0, 0,
                List.of(), 3, 1, List.of()), new EvaluationListener() {});
        List<TaskResult> b = OneClassProtocol.run("B", train, test, methods, new OneClassProtocol.Config(List.of(8), 0, 0,
                List.of(), 3, 1, List.of()), new EvaluationListener() {});
        List<TaskResult> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        EvaluationReport report = new EvaluationReport("t", "c", "m", all);
        double meanA = (a.get(0).metrics().auroc() + a.get(1).metrics().auroc()) / 2;
        double meanB = b.get(0).metrics().auroc();
        EvaluationReport.Spread s = report.acrossDatasets("clean", "brightness");
        assertThat(s.mean()).isCloseTo((meanA + meanB) / 2, within(1e-12));
        assertThat(s.std()).isCloseTo(Math.abs(meanA - meanB) / 2, within(1e-12));
        assertThat(report.summary()).contains("across data sets");
    }

    @Test
    void unlabeledAndOpenSetSplits() {
        List<Method> methods = List.of(BRIGHTNESS);
        try (ImageSet shoes = test.onlyLabel(5, 7, 9); ImageSet clothes = test.exceptLabel(5, 7, 9);
                ImageSet shoeTrain = train.onlyLabel(5, 7, 9)) {
            List<TaskResult> u = MultiClassProtocol.unlabeled("shoes", shoeTrain, shoes, "clothes", clothes, methods, 1,
                    new EvaluationListener() {});
            assertThat(u).singleElement().satisfies(r -> {
                assertThat(r.metrics().inliers()).isEqualTo(shoes.size());
                assertThat(r.metrics().novel()).isEqualTo(clothes.size());
            });
            List<TaskResult> o = MultiClassProtocol.openSet("fmnist", train, test, new int[] {5, 7, 9}, methods, 1,
                    new EvaluationListener() {});
            assertThat(o).singleElement().satisfies(r -> {
                assertThat(r.setting()).contains("[5, 7, 9]");
                assertThat(r.metrics().inliers()).isEqualTo(shoes.size());
                // brightness ignores the inliers: the same AUROC on the same test split, in either protocol order
                assertThat(r.metrics().novel()).isEqualTo(test.size() - shoes.size());
            });
        }
    }

    @Test
    void aClassOnlyTheTestSplitHasIsAKindOfNoveltyWithItsOwnMetrics(@TempDir Path tmp) throws Exception {
        List<String> names = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                "Bag", "Ankle boot");
        try (ImageSet noBoots = train.exceptLabel(9)) {
            List<TaskResult> r = OneClassProtocol.run("fmnist", noBoots, test, List.of(BRIGHTNESS), new OneClassProtocol.Config(
                    List.of(), 50, 0, List.of(), 3, 5, names), new EvaluationListener() {});
            assertThat(r).extracting(TaskResult::setting).as("a class without training images is never an inlier class")
                    .hasSize(9).doesNotContain("class 9 (Ankle boot)");
            TaskResult bags = r.stream().filter(x -> x.setting().equals("class 8 (Bag)")).findFirst().orElseThrow();
            assertThat(bags.byNovelClass()).singleElement().satisfies(k -> {
                assertThat(k.name()).isEqualTo("Ankle boot");
                // by hand: the boots against the bags of the test split, nothing else
                double[] all = brightness(test);
                List<Double> s = new java.util.ArrayList<>();
                List<Boolean> n = new java.util.ArrayList<>();
                for (int i = 0; i < test.size(); i++) {
                    if (test.label(i) == 8 || test.label(i) == 9) {
                        s.add(all[i]);
                        n.add(test.label(i) == 9);
                    }
                }
                boolean[] novel = new boolean[n.size()];
                for (int i = 0; i < novel.length; i++) {
                    novel[i] = n.get(i);
                }
                assertThat(k.metrics().auroc()).isCloseTo(Metrics.auroc(s.stream().mapToDouble(Double::doubleValue)
                        .toArray(), novel), within(1e-12));
                assertThat(k.metrics().novel()).isEqualTo((int) n.stream().filter(b -> b).count()).isPositive();
                assertThat(k.metrics().inliers()).isEqualTo(bags.metrics().inliers());
            });
            EvaluationReport report = new EvaluationReport("t", "c", "m", r);
            assertThat(report.summary()).contains("each kind of novelty").contains("  Ankle boot");
            report.write(tmp.resolve("report"));
            assertThat(Files.readAllLines(tmp.resolve("report/novel-classes.csv"))).hasSize(1 + 9);
            assertThat(Files.readString(tmp.resolve("report/report.md")))
                    .contains("| fmnist | class 8 (Bag) | clean | brightness | Ankle boot |");
        }
        // with the same classes in both splits there is nothing to break down: the report is as before
        List<TaskResult> same = OneClassProtocol.run("fmnist", train, test, List.of(BRIGHTNESS), new OneClassProtocol.Config(
                List.of(8), 50, 0, List.of(), 3, 5, names), new EvaluationListener() {});
        assertThat(same.get(0).byNovelClass()).isEmpty();
        EvaluationReport plain = new EvaluationReport("t", "c", "m", same);
        plain.write(tmp.resolve("plain"));
        assertThat(tmp.resolve("plain/novel-classes.csv")).doesNotExist();
        assertThat(plain.summary()).doesNotContain("kind of novelty");
    }
}
