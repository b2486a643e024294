package io.github.unode.benchmarks.universality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.augment.AugmentationPool;
import io.github.unode.eval.Method;
import io.github.unode.eval.Methods;
import io.github.unode.eval.corrupt.Corruption;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UniversalitySuiteTest {

    @TempDir
    Path dir;

    /** An 8x8 grey PNG of one value. */
    private static void png(Path file, int value) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.getRaster().setSample(x, y, 0, value + (x + y) % 2);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private Path miniTextures() throws IOException {
        Path t = dir.resolve("textures");
        Path task = t.resolve("tex");
        for (int i = 0; i < 3; i++) {
            png(task.resolve("train/good/" + i + ".png"), 100 + i);
        }
        png(task.resolve("test/good/0.png"), 101);
        png(task.resolve("test/good/1.png"), 102);
        png(task.resolve("test/hole/0.png"), 10);
        png(task.resolve("test/hole/1.png"), 20);
        png(task.resolve("test/scratch/0.png"), 200);
        Files.writeString(t.resolve("tasks.tsv"), "name\tchannels\tside\ntex\t1\t8\n");
        return t;
    }

    @Test
    void readsAnMvtecLayoutAndReportsEachDefectApart() throws IOException {
        miniTextures();
        List<UniversalitySuite.Task> tasks = UniversalitySuite.tasks("textures", dir, null);
        assertThat(tasks).hasSize(1);
        try (UniversalitySuite.Task t = tasks.get(0)) {
            assertThat(t.name()).isEqualTo("tex");
            assertThat(t.inliers().size()).isEqualTo(3);
            assertThat(t.test().size()).isEqualTo(5);
            int novel = 0;
            for (boolean b : t.novel()) {
                novel += b ? 1 : 0;
            }
            assertThat(novel).isEqualTo(3);
            assertThat(t.kinds()).containsOnlyKeys("hole", "scratch");
            int keptForHole = 0;
            for (boolean b : t.kinds().get("hole")) {
                keptForHole += b ? 1 : 0;
            }
            assertThat(keptForHole).isEqualTo(4); // the two good and the two hole images
            // every defect is far from the inliers in pixels: the L2 baseline ranks them all above the good ones
            List<String> rows = UniversalitySuite.run(Methods.pixelNearestNeighbour(), t);
            assertThat(rows).hasSize(1);
            String[] f = rows.get(0).split("\t");
            assertThat(f[0]).isEqualTo("textures");
            assertThat(f[2]).isEqualTo("raw-pixel NN");
            assertThat(f[4]).isEqualTo("100.00");
            assertThat(f[7]).isEqualTo("3");
            assertThat(f[11]).isEqualTo("hole=100.00;scratch=100.00");
            // the same fit scored on corrupted copies: one row per corruption, copies cached by corruption
            java.util.Map<String, io.github.unode.data.ImageSet> cache = new java.util.LinkedHashMap<>();
            List<String> corrupted = new java.util.ArrayList<>();
            List<String> notes = new java.util.ArrayList<>();
            UniversalitySuite.run(Methods.pixelNearestNeighbour(), t, 1, List.of(Corruption.BRIGHTNESS, Corruption.GAUSSIAN_NOISE),
                    3, 4, cache, corrupted, notes);
            assertThat(notes).isEmpty(); // a baseline chooses nothing
            // a fit's notes become rows of the notes file, one per note, in the fit's order
            long[] given = new long[1];
            io.github.unode.eval.Method noting = io.github.unode.eval.Method.named("noting", (in, seed) -> {
                given[0] = seed;
                return new io.github.unode.eval.Method.Fitted() {
                    @Override
                    public double[] score(io.github.unode.data.ImageSet images) {
                        return new double[images.size()];
                    }

                    @Override
                    public java.util.Map<String, String> notes() {
                        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
                        m.put("chosen pixel weight", "2");
                        m.put("proxy AUROC", "0.9500");
                        return m;
                    }

                    @Override
                    public void close() {}
                };
            });
            UniversalitySuite.run(noting, t, 1, List.of(), 3, 4, cache, new java.util.ArrayList<>(), notes);
            assertThat(given[0]).isEqualTo(1);
            assertThat(notes).containsExactly("textures\ttex\tnoting\tchosen pixel weight\t2",
                    "textures\ttex\tnoting\tproxy AUROC\t0.9500");
            // --seed: the fit gets it, and its rows and notes name it; the test set and its corrupted copies stay seed 1's
            List<String> seededNotes = new java.util.ArrayList<>();
            List<String> seededCorrupted = new java.util.ArrayList<>();
            java.util.Map<String, io.github.unode.data.ImageSet> seededCache = new java.util.LinkedHashMap<>();
            List<String> seededRows = UniversalitySuite.run(noting, t, 7, List.of(Corruption.BRIGHTNESS), 3, 4,
                    seededCache, seededCorrupted, seededNotes);
            assertThat(given[0]).isEqualTo(7);
            assertThat(seededRows).hasSize(1);
            assertThat(seededRows.get(0).split("\t")[2]).isEqualTo("noting (seed 7)");
            assertThat(seededRows.get(0).split("\t")[4]).isEqualTo("50.00"); // constant scores
            assertThat(seededNotes).containsExactly("textures\ttex\tnoting (seed 7)\tchosen pixel weight\t2",
                    "textures\ttex\tnoting (seed 7)\tproxy AUROC\t0.9500");
            assertThat(seededCorrupted).singleElement().asString().startsWith("brightness\t3\ttextures\ttex\tnoting (seed 7)\t-\t");
            assertThat(seededCache.get("brightness").size()).isEqualTo(4);
            seededCache.values().forEach(io.github.unode.data.ImageSet::close);
            UniversalitySuite.run(noting, t);
            assertThat(given[0]).isEqualTo(1); // the default seed, and the rows keep the method's own name
            assertThat(UniversalitySuite.rowName(noting, 1)).isEqualTo("noting");
            assertThatThrownBy(() -> UniversalitySuite.seed("two")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--seed takes a whole number, got two");
            assertThat(cache).containsOnlyKeys("brightness", "gaussian_noise");
            assertThat(corrupted).hasSize(2);
            assertThat(corrupted.get(0)).startsWith("brightness\t3\ttextures\ttex\traw-pixel NN\t-\t");
            double a = Double.parseDouble(corrupted.get(1).split("\t")[6]);
            assertThat(a).isBetween(0.0, 100.0);
            assertThat(cache.get("brightness").size()).isEqualTo(4); // a sample of 4 of the 5 test images
            cache.values().forEach(io.github.unode.data.ImageSet::close);
        }
    }

    @Test
    void theSecondTextureSourceReadsFromItsOwnFolderUnderItsOwnName() throws IOException {
        Path t = miniTextures();
        Path oa = dir.resolve("textures-oa");
        try (var walk = Files.walk(t)) {
            for (Path p : walk.toList()) {
                Path q = oa.resolve(t.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        Files.delete(t.resolve("tasks.tsv")); // the colobot set is gone: only textures-oa can be read
        List<UniversalitySuite.Task> tasks = UniversalitySuite.tasks("textures-oa", dir, null);
        assertThat(tasks).hasSize(1);
        try (UniversalitySuite.Task task = tasks.get(0)) {
            assertThat(task.data()).isEqualTo("textures-oa");
            assertThat(task.inliers().size()).isEqualTo(3);
            assertThat(task.kinds()).containsOnlyKeys("hole", "scratch");
        }
    }

    /** An uncompressed IDX pair of 4x4 grey images (pixel value = 10 x label + index) under {@code folder}. */
    private static void idx(Path folder, String prefix, int... labels) throws IOException {
        Files.createDirectories(folder);
        java.io.ByteArrayOutputStream img = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream d = new java.io.DataOutputStream(img);
        d.writeInt(0x803);
        d.writeInt(labels.length);
        d.writeInt(4);
        d.writeInt(4);
        for (int i = 0; i < labels.length; i++) {
            for (int p = 0; p < 16; p++) {
                d.writeByte(10 * labels[i] + i);
            }
        }
        Files.write(folder.resolve(prefix + "-images-idx3-ubyte"), img.toByteArray());
        java.io.ByteArrayOutputStream lab = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream l = new java.io.DataOutputStream(lab);
        l.writeInt(0x801);
        l.writeInt(labels.length);
        for (int label : labels) {
            l.writeByte(label);
        }
        Files.write(folder.resolve(prefix + "-labels-idx1-ubyte"), lab.toByteArray());
    }

    @Test
    void theGlyphsAreOneTaskPerLetterUnderTheirOwnName() throws IOException {
        idx(dir.resolve("glyphs"), "train", 0, 1, 2, 0, 1, 2, 2);
        idx(dir.resolve("glyphs"), "t10k", 1, 0, 2, 2, 1);
        List<UniversalitySuite.Task> tasks = UniversalitySuite.tasks("glyphs", dir, null);
        try {
            assertThat(tasks).extracting(UniversalitySuite.Task::name).containsExactly("0", "1", "2");
            assertThat(tasks).extracting(UniversalitySuite.Task::data).containsOnly("glyphs");
            assertThat(tasks).extracting(t -> t.inliers().size()).containsExactly(2, 2, 3);
            assertThat(tasks.get(0).novel()).containsExactly(true, false, true, true, true);
            assertThat(tasks.get(2).novel()).containsExactly(true, true, false, false, true);
            assertThat(tasks.get(1).test().size()).isEqualTo(5);
        } finally {
            tasks.forEach(UniversalitySuite.Task::close);
        }
    }

    @Test
    void notesFileSitsBesideTheRows() {
        assertThat(UniversalitySuite.notesPath(Path.of("a/b/steps200.tsv"))).isEqualTo(Path.of("a/b/steps200-notes.tsv"));
        assertThat(UniversalitySuite.notesPath(Path.of("rows"))).isEqualTo(Path.of("rows-notes"));
    }

    @Test
    void missingSuiteNamesTheBuildScript() {
        assertThatThrownBy(() -> UniversalitySuite.tasks("textures", dir, null))
                .isInstanceOf(IOException.class).hasMessageContaining("scripts/universality-data");
        assertThatThrownBy(() -> UniversalitySuite.tasks("digits", dir, null))
                .isInstanceOf(IOException.class).hasMessageContaining("scripts/universality-data");
        assertThatThrownBy(() -> UniversalitySuite.tasks("textures-oa", dir, null))
                .isInstanceOf(IOException.class).hasMessageContaining("textures-oa").hasMessageContaining("scripts/universality-data");
        assertThatThrownBy(() -> UniversalitySuite.tasks("textures-128", dir, null))
                .isInstanceOf(IOException.class).hasMessageContaining("textures-128").hasMessageContaining("scripts/universality-data");
        assertThatThrownBy(() -> UniversalitySuite.tasks("glyphs", dir, null))
                .isInstanceOf(IOException.class).hasMessageContaining("glyphs").hasMessageContaining("scripts/universality-data");
        assertThatThrownBy(() -> UniversalitySuite.tasks("cifar", dir, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown data set");
    }

    @Test
    void aurocOverASubsetAgainstHandComputedFigures() {
        double[] s = {0.3, 0.9, 0.1, 0.2};
        boolean[] novel = {false, true, true, false};
        // all four: novel 0.9 beats both inliers, novel 0.1 beats neither: 2 of 4 pairs
        assertThat(UniversalitySuite.auroc(s, novel, new boolean[] {true, true, true, true})).isCloseTo(0.5, within(1e-12));
        // without the third image: the one novel image beats both inliers
        assertThat(UniversalitySuite.auroc(s, novel, new boolean[] {true, true, false, true})).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void samplesAreSeededSortedAndAllWhenSmall() {
        int[] a = UniversalitySuite.sample(100, 10);
        assertThat(a).hasSize(10).isSorted().doesNotHaveDuplicates();
        assertThat(a[0]).isGreaterThanOrEqualTo(0);
        assertThat(a[9]).isLessThanOrEqualTo(99);
        assertThat(UniversalitySuite.sample(100, 10)).isEqualTo(a);
        assertThat(UniversalitySuite.sample(5, 10)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void optionsAreStrictAndTheOldCountNameStillReads() {
        assertThat(UniversalitySuite.options("--data", "digits", "--max-corrupted-test", "50"))
                .containsExactly(java.util.Map.entry("data", "digits"), java.util.Map.entry("max-corrupted-test", "50"));
        assertThat(UniversalitySuite.options("--corrupted-test", "50"))
                .containsExactly(java.util.Map.entry("max-corrupted-test", "50"));
        assertThatThrownBy(() -> UniversalitySuite.options("--unode-step", "30"))
                .hasMessageStartingWith("unknown option --unode-step; known: --corrupted-methods, --corrupted-out,");
        assertThatThrownBy(() -> UniversalitySuite.options("--corrupted-test", "5", "--max-corrupted-test", "6"))
                .hasMessage("--max-corrupted-test is given twice");
        assertThatThrownBy(() -> UniversalitySuite.options("--data")).hasMessage("options come as --name value, got --data");
        assertThat(UniversalitySuite.OPTIONS).allMatch(o -> !o.startsWith("-") && o.equals(o.toLowerCase()))
                .doesNotContainAnyElementsOf(UniversalitySuite.RENAMED.keySet());
    }

    @Test
    void parsesTaskSpecsAndRefusesBadOnes() {
        var m = UniversalitySuite.parseTasks("fmnist:0,1/textures:all");
        assertThat(m).containsOnlyKeys("fmnist", "textures");
        assertThat(m.get("fmnist")).containsExactly("0", "1");
        assertThatThrownBy(() -> UniversalitySuite.parseTasks("fmnist")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data:task");
        assertThatThrownBy(() -> UniversalitySuite.method("knn", 10, null, io.github.unode.core.ImageShape.grey(8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown method");
    }

    @Test
    void localStagesParseAndBadOnesAreRefused() {
        assertThat(UniversalitySuite.stages("2,3")).containsExactly(2, 3);
        assertThat(UniversalitySuite.stages(" 1 ")).containsExactly(1);
        for (String bad : new String[] {"", "0", "5", "2,2", "a", "2,,3"}) {
            assertThatThrownBy(() -> UniversalitySuite.stages(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-local");
        }
        assertThat(UniversalitySuite.method("fpatch", 10, null, io.github.unode.core.ImageShape.grey(28)).name())
                .isEqualTo("feature-patch NN (untrained ResNet-18, stages 2+3)");
    }

    @Test
    void theRecipesStemAppliesWhereTheImagesAreLargeEnough() {
        io.github.unode.core.ImageShape rgb64 = io.github.unode.core.ImageShape.rgb(64);
        assertThat(UniversalitySuite.method("unode", new UniversalitySuite.Unode(10, null, 4, new int[0], List.of(), false, 0f), rgb64).name())
                .isEqualTo("UNODE (CPU recipe, 10 steps, stride-4 stem)");
        assertThat(UniversalitySuite.method("unode", new UniversalitySuite.Unode(10, 32, 4, new int[0], List.of(), false, 0f), rgb64).name())
                .isEqualTo("UNODE (CPU recipe, 10 steps, stride-4 stem) at 32 px");
        // 28 px is too small for a stride-4 stem (29 px at least): the CIFAR stem there
        assertThat(UniversalitySuite.method("unode", new UniversalitySuite.Unode(10, null, 4, new int[0], List.of(), false, 0f), io.github.unode.core.ImageShape.grey(28)).name())
                .isEqualTo("UNODE (CPU recipe, 10 steps)");
        assertThat(UniversalitySuite.method("unode", new UniversalitySuite.Unode(10, null, 1, new int[0], List.of(), false, 0f), rgb64).name()).isEqualTo("UNODE (CPU recipe, 10 steps)");
        assertThatThrownBy(() -> UniversalitySuite.method("unode", new UniversalitySuite.Unode(10, null, 3, new int[0], List.of(), false, 0f), rgb64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1, 2 or 4");
    }

    @Test
    void aProxyPoolIsLeftOutOfTrainingAndNamed() {
        int[] local = {2, 3};
        assertThat(UniversalitySuite.proxyPool("cutpaste, elastic", local)).containsExactly("cutpaste", "elastic");
        assertThatThrownBy(() -> UniversalitySuite.proxyPool("cutpaste", new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-local");
        assertThatThrownBy(() -> UniversalitySuite.proxyPool("cutpast", local))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cutpast' is not in the standard pool");
        assertThatThrownBy(() -> UniversalitySuite.proxyPool("blur,blur", local))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        String all = String.join(",", io.github.unode.augment.AugmentationPool.standard().names());
        assertThatThrownBy(() -> UniversalitySuite.proxyPool(all, local))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no augmentation to train on");
        io.github.unode.core.ImageShape grey = io.github.unode.core.ImageShape.grey(28);
        assertThat(UniversalitySuite.method("unode", new UniversalitySuite.Unode(10, null, 1, local, List.of("cutpaste", "elastic"), false, 0f), grey).name())
                .isEqualTo("UNODE (CPU recipe, 10 steps, cutpaste+elastic held out of training)");
        var pool = io.github.unode.augment.AugmentationPool.standard().without("cutpaste", "elastic");
        assertThat(UniversalitySuite.cpuRecipe(10, 1, grey, 1, pool, false, 0f).recipe().negatives().pool().names())
                .doesNotContain("cutpaste", "elastic").hasSize(io.github.unode.augment.AugmentationPool.standard().size() - 2);
    }

    @Test
    void augmentationsLeftOutOfThePoolAreNamedAndNotTrainedOn() {
        assertThat(UniversalitySuite.without(" rotate, vflip", List.of())).containsExactly("rotate", "vflip");
        assertThatThrownBy(() -> UniversalitySuite.without("rotat", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-without")
                .hasMessageContaining("'rotat' is not in the standard pool");
        assertThatThrownBy(() -> UniversalitySuite.without("blur,blur", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> UniversalitySuite.without("cutpaste", List.of("cutpaste", "elastic")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already held out by --unode-proxy-pool");
        List<String> names = io.github.unode.augment.AugmentationPool.standard().names();
        assertThatThrownBy(() -> UniversalitySuite.without(String.join(",", names.subList(2, names.size())),
                List.of(names.get(0), names.get(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no augmentation to train on");
        io.github.unode.core.ImageShape grey = io.github.unode.core.ImageShape.grey(28);
        var rotate = new UniversalitySuite.Unode(10, null, 1, new int[0], List.of(), false, 0f, List.of("rotate"));
        assertThat(UniversalitySuite.method("unode", rotate, grey).name())
                .isEqualTo("UNODE (CPU recipe, 10 steps, without rotate)");
        // the pool the recipe trains on lacks them, and keeps every other augmentation in the standard order
        List<String> rest = new java.util.ArrayList<>(names);
        rest.removeAll(List.of("rotate", "sobel", "cutpaste"));
        var both = new UniversalitySuite.Unode(10, null, 1, new int[] {2, 3}, List.of("cutpaste"), false, 0f,
                List.of("rotate", "sobel"));
        assertThat(UniversalitySuite.trainingPool(both).names()).containsExactlyElementsOf(rest);
        assertThat(UniversalitySuite.trainingPool(UniversalitySuite.Unode.of(10, null)).names()).isEqualTo(names);
        assertThat(UniversalitySuite.method("unode", both, grey).name())
                .isEqualTo("UNODE (CPU recipe, 10 steps, cutpaste held out of training, without rotate+sobel)");
    }

    @Test
    void aPoolOfSomeAugmentationsLeavesOutTheRestAndIsNamedByWhatItKeeps() {
        List<String> names = io.github.unode.augment.AugmentationPool.standard().names();
        List<String> rest = new java.util.ArrayList<>(names);
        rest.remove("rotate");
        assertThat(UniversalitySuite.onlyPool(" rotate ", List.of())).containsExactlyElementsOf(rest);
        rest.removeAll(List.of("vflip", "cutpaste"));
        assertThat(UniversalitySuite.onlyPool("vflip,rotate", List.of("cutpaste"))).containsExactlyElementsOf(rest);
        assertThatThrownBy(() -> UniversalitySuite.onlyPool("rotat", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-pool")
                .hasMessageContaining("'rotat' is not in the standard pool");
        assertThatThrownBy(() -> UniversalitySuite.onlyPool("rotate,rotate", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> UniversalitySuite.onlyPool("rotate,cutpaste", List.of("cutpaste")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-proxy-pool");
        assertThatThrownBy(() -> UniversalitySuite.main(new String[] {"suite", "out.tsv", "--unode-pool", "rotate",
                "--unode-without", "blur"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give one");
        // the recipe trains on rotation alone, and its name says so
        var rotate = new UniversalitySuite.Unode(10, null, 1, new int[0], List.of(), false, 0f,
                UniversalitySuite.onlyPool("rotate", List.of()));
        assertThat(UniversalitySuite.trainingPool(rotate).names()).containsExactly("rotate");
        io.github.unode.core.ImageShape grey = io.github.unode.core.ImageShape.grey(28);
        assertThat(UniversalitySuite.method("unode", rotate, grey).name())
                .isEqualTo("UNODE (CPU recipe, 10 steps, only rotate)");
    }

    @Test
    void autoAugWeighsThePoolWithTheRunsSeedAndItsWeightsAreInTheNotes() throws Exception {
        var pool = io.github.unode.augment.AugmentationPool.standard().only("rotate", "invert", "blur");
        io.github.unode.core.ImageShape grey = io.github.unode.core.ImageShape.grey(28);
        var auto = UniversalitySuite.cpuRecipe(10, 7, grey, 1, pool, false, 0f, true).recipe().negatives().weighting();
        assertThat(auto).isEqualTo(io.github.unode.train.Weighting.AutoAugOOD.defaults().withSeed(7));
        assertThat(UniversalitySuite.cpuRecipe(10, 7, grey, 1, pool, false, 0f, false).recipe().negatives().weighting())
                .isInstanceOf(io.github.unode.train.Weighting.Uniform.class);
        var on = new UniversalitySuite.Unode(10, null, 1, new int[0], List.of(), false, 0f, List.of(), true);
        assertThat(UniversalitySuite.method("unode", on, grey).name()).isEqualTo("UNODE (CPU recipe, 10 steps, AutoAugOOD weights)");
        assertThat(UniversalitySuite.onOff("--unode-auto-aug", "on")).isTrue();
        assertThat(UniversalitySuite.onOff("--unode-auto-aug", "off")).isFalse();
        assertThatThrownBy(() -> UniversalitySuite.onOff("--unode-auto-aug", "yes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-auto-aug takes on or off, got yes");
        // a real fit, grey and colour: one weight and one divergence per augmentation, the weights a softmax
        for (io.github.unode.core.ImageShape shape : List.of(grey, io.github.unode.core.ImageShape.rgb(32))) {
            float[] px = new float[60 * shape.pixels()];
            io.github.unode.core.RandomSource r = new io.github.unode.core.RandomSource(5);
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) r.nextDouble();
            }
            try (io.github.unode.data.ImageSet in = io.github.unode.data.ImageSet.fromPixels(px, shape, null, "noise");
                    var d = UniversalitySuite.cpuRecipe(1, 1, shape, 1, pool, false, 0f, true).fit(in);
                    var u = UniversalitySuite.cpuRecipe(1, 1, shape, 1, pool, false, 0f, false).fit(in)) {
                java.util.Map<String, String> notes = io.github.unode.eval.Methods.weightNotes(d);
                assertThat(notes).hasSize(6);
                double sum = 0;
                for (String a : pool.names()) {
                    double w = Double.parseDouble(notes.get("AutoAugOOD weight " + a));
                    assertThat(w).isBetween(0.0, 1.0);
                    assertThat(Double.parseDouble(notes.get("AutoAugOOD divergence " + a))).isFinite().isNotNegative();
                    sum += w;
                }
                assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
                assertThat(io.github.unode.eval.Methods.weightNotes(u)).isEmpty();
            }
        }
    }

    @Test
    void greyJitterTrainsGreyTasksWithItAndLeavesColourOnesAlone() {
        io.github.unode.core.ImageShape grey = io.github.unode.core.ImageShape.grey(28);
        io.github.unode.core.ImageShape rgb = io.github.unode.core.ImageShape.rgb(64);
        var on = new UniversalitySuite.Unode(10, 32, 1, new int[0], List.of(), true, 0f);
        assertThat(UniversalitySuite.method("unode", on, grey).name()).isEqualTo("UNODE (CPU recipe, 10 steps, grey jitter)");
        assertThat(UniversalitySuite.method("unode", on, rgb).name()).isEqualTo("UNODE (CPU recipe, 10 steps) at 32 px");
        // what the trainer used is in the fitted detector's configuration
        var pool = io.github.unode.augment.AugmentationPool.standard();
        float[] px = new float[80 * grey.pixels()];
        io.github.unode.core.RandomSource r = new io.github.unode.core.RandomSource(4);
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) r.nextDouble();
        }
        try (io.github.unode.data.ImageSet in = io.github.unode.data.ImageSet.fromPixels(px, grey, null, "noise");
                var with = UniversalitySuite.cpuRecipe(1, 1, grey, 1, pool, true, 0f).fit(in);
                var without = UniversalitySuite.cpuRecipe(1, 1, grey, 1, pool, false, 0f).fit(in)) {
            assertThat(with.configuration().get("positiveViews"))
                    .isEqualTo(io.github.unode.augment.PositiveAugmentation.Config.defaultsFor(grey) + ", brightness and contrast on grey");
            assertThat(without.configuration().get("positiveViews"))
                    .isEqualTo(io.github.unode.augment.PositiveAugmentation.Config.defaultsFor(grey).toString());
        }
    }

    @Test
    void contrastiveWeightReachesTheTrainerAndTheNameAndBadValuesAreRefused() {
        io.github.unode.core.ImageShape grey = io.github.unode.core.ImageShape.grey(28);
        io.github.unode.core.ImageShape rgb = io.github.unode.core.ImageShape.rgb(64);
        var pool = io.github.unode.augment.AugmentationPool.standard();
        var one = new UniversalitySuite.Unode(10, 32, 1, new int[0], List.of(), true, 1f);
        assertThat(UniversalitySuite.method("unode", one, grey).name())
                .isEqualTo("UNODE (CPU recipe, 10 steps, grey jitter, contrastive weight 1)");
        assertThat(UniversalitySuite.method("unode", one, rgb).name())
                .isEqualTo("UNODE (CPU recipe, 10 steps, contrastive weight 1) at 32 px");
        var half = new UniversalitySuite.Unode(10, null, 1, new int[0], List.of(), false, 0.5f);
        assertThat(UniversalitySuite.method("unode", half, grey).name())
                .isEqualTo("UNODE (CPU recipe, 10 steps, contrastive weight 0.5)");
        // the default (0) leaves the name, and the recipe, as they were
        assertThat(UniversalitySuite.method("unode", UniversalitySuite.Unode.of(10, null), grey).name())
                .isEqualTo("UNODE (CPU recipe, 10 steps)");
        assertThat(UniversalitySuite.cpuRecipe(10, 1, grey, 1, pool, false, 1f).recipe().loss().contrastiveWeight())
                .isEqualTo(1f);
        assertThat(UniversalitySuite.cpuRecipe(10, 1, grey, 1, pool, false, 0f).recipe().loss().contrastiveWeight())
                .isEqualTo(0f);
        assertThat(UniversalitySuite.cpuRecipe(10, 1, grey).recipe().loss().contrastiveWeight()).isEqualTo(0f);
        assertThat(UniversalitySuite.cpuRecipe(10, 1, grey, 1, pool, false, 1f).recipe().loss().crossEntropyWeight())
                .isEqualTo(1f);
        assertThat(UniversalitySuite.contrastiveWeight(" 1 ")).isEqualTo(1f);
        assertThat(UniversalitySuite.contrastiveWeight("0.25")).isEqualTo(0.25f);
        for (String bad : new String[] {"-1", "NaN", "Infinity", "one", ""}) {
            assertThatThrownBy(() -> UniversalitySuite.contrastiveWeight(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--unode-contrastive-weight").hasMessageContaining(bad);
        }
        assertThat(UniversalitySuite.options("--unode-contrastive-weight", "1")).containsEntry("unode-contrastive-weight", "1");
    }

    @Test
    void similaritySpacesAreReportedFromTheSameFitAndNotWithAProxyPool() throws Exception {
        assertThatThrownBy(() -> UniversalitySuite.main(new String[] {"suite", "out.tsv", "--unode-local", "2,3",
                "--unode-proxy-pool", "cutpaste", "--unode-spaces", "on"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-spaces and --unode-proxy-pool");
        assertThatThrownBy(() -> UniversalitySuite.main(new String[] {"suite", "out.tsv", "--unode-spaces", "yes"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-spaces takes on or off");
        assertThatThrownBy(() -> new UniversalitySuite.Unode(1, null, 1, new int[] {2, 3}, List.of("cutpaste"), false, 0f,
                List.of(), false, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-spaces and --unode-proxy-pool");
        var on = new UniversalitySuite.Unode(1, null, 1, new int[0], List.of(), false, 0f, List.of(), false, true);
        var off = new UniversalitySuite.Unode(1, null, 1, new int[0], List.of(), false, 0f, List.of(), false);
        assertReportedFromTheSameFit(on, off, "recipe, stage 3", "similarity + head, stages 2+3+4",
                "similarity only, features k=2");
    }

    @Test
    void theInlierStatisticsCopyIsReportedFromTheSameFitAndNotWithAProxyPool() throws Exception {
        assertThatThrownBy(() -> UniversalitySuite.main(new String[] {"suite", "out.tsv", "--unode-local", "2,3",
                "--unode-proxy-pool", "cutpaste", "--unode-bn-inliers", "on"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-bn-inliers and --unode-proxy-pool");
        assertThatThrownBy(() -> UniversalitySuite.main(new String[] {"suite", "out.tsv", "--unode-bn-inliers", "1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-bn-inliers takes on or off");
        var on = new UniversalitySuite.Unode(1, null, 1, new int[0], List.of(), false, 0f, List.of(), false, false, true);
        var off = new UniversalitySuite.Unode(1, null, 1, new int[0], List.of(), false, 0f, List.of(), false);
        assertReportedFromTheSameFit(on, off, "similarity only, BN on inliers", "similarity + head, BN on inliers",
                "recipe, BN on inliers", "recipe, BN on inliers + negatives");
    }

    @Test
    void freezeKeepsTheEarliestParametersAtTheirInitialisationAndIsNamed() throws Exception {
        assertThatThrownBy(() -> UniversalitySuite.main(new String[] {"suite", "out.tsv", "--unode-freeze", "1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-freeze takes a share")
                .hasMessageContaining("got 1.0");
        assertThatThrownBy(() -> UniversalitySuite.main(new String[] {"suite", "out.tsv", "--unode-freeze", "half"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got half");
        io.github.unode.core.ImageShape grey = io.github.unode.core.ImageShape.grey(16);
        var half = new UniversalitySuite.Unode(2, null, 1, new int[0], List.of(), false, 0f, List.of(), false, false, false, 0.5);
        assertThat(UniversalitySuite.method("unode", half, grey).name())
                .isEqualTo("UNODE (CPU recipe, 2 steps, encoder's first 0.5 frozen)");
        float[] px = new float[40 * grey.pixels()];
        io.github.unode.core.RandomSource r = new io.github.unode.core.RandomSource(6);
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) r.nextDouble();
        }
        AugmentationPool pool = AugmentationPool.standard();
        try (io.github.unode.data.ImageSet in = io.github.unode.data.ImageSet.fromPixels(px, grey, null, "noise");
                var a = UniversalitySuite.cpuRecipe(2, 1, grey, 1, pool, false, 0f, false, 0.5).fit(in);
                var b = UniversalitySuite.cpuRecipe(2, 1, grey, 1, pool, false, 0f, false, 0.75).fit(in);
                var c = UniversalitySuite.cpuRecipe(2, 1, grey, 1, pool, false, 0f, false, 0).fit(in)) {
            List<float[]> pa = trainable(a);
            List<float[]> pb = trainable(b);
            List<float[]> pc = trainable(c);
            // the CIFAR ResNet-18: stem 3 arrays, stage 1 12, stages 2-4 15 each
            assertThat(pa).hasSize(60);
            for (int i = 0; i < 30; i++) {
                assertThat(pb.get(i)).as("array %d, frozen in both", i).containsExactly(pa.get(i));
            }
            // stage 3 (arrays 30-44) trains at 0.5 and stays at its initialisation at 0.75, and
            // without freezing the first 30 arrays move
            assertThat(java.util.stream.IntStream.range(30, 45).filter(i -> !java.util.Arrays.equals(pa.get(i), pb.get(i))).count())
                    .isPositive();
            assertThat(java.util.stream.IntStream.range(0, 30).filter(i -> !java.util.Arrays.equals(pa.get(i), pc.get(i))).count())
                    .isPositive();
        }
    }

    @Test
    void cropScaleAndFlipReachTheTrainersPositiveViewsOnGreyAndColourAndBadValuesAreRefused() throws Exception {
        for (String bad : new String[] {"0", "1.5", "-0.2", "NaN", "most"}) {
            assertThatThrownBy(() -> UniversalitySuite.main(new String[] {"suite", "out.tsv", "--unode-crop-scale", bad}))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--unode-crop-scale takes a share of the image in (0, 1], got " + bad);
        }
        assertThatThrownBy(() -> UniversalitySuite.main(new String[] {"suite", "out.tsv", "--unode-flip", "maybe"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-flip");
        io.github.unode.core.ImageShape grey = io.github.unode.core.ImageShape.grey(28);
        io.github.unode.core.ImageShape rgb = io.github.unode.core.ImageShape.rgb(20);
        // the defaults stay the trainer's own (null), so the recipe's rows are unchanged
        assertThat(UniversalitySuite.positiveViews(grey, false, 0, true)).isNull();
        var g = UniversalitySuite.positiveViews(grey, false, 0.6, false);
        assertThat(g.minScale()).isEqualTo(0.6);
        assertThat(g.horizontalFlip()).isFalse();
        assertThat(g.greyJitter()).isFalse();
        var c = UniversalitySuite.positiveViews(rgb, false, 0, false);
        assertThat(c.minScale()).isEqualTo(0.08); // METHOD 4.2's colour default, kept when only the flip changes
        assertThat(c.jitterProbability()).isEqualTo(0.8);
        assertThat(UniversalitySuite.positiveViews(grey, true, 0, false).minScale()).isEqualTo(0.3);
        assertThat(UniversalitySuite.positiveViews(grey, true, 0, false).greyJitter()).isTrue();
        var u = new UniversalitySuite.Unode(2, 32, 1, new int[0], List.of(), false, 0f, List.of(), false, false, false,
                0, 0.6, false);
        assertThat(UniversalitySuite.method("unode", u, grey).name())
                .isEqualTo("UNODE (CPU recipe, 2 steps, crop scale from 0.6, no flip)");
        assertThat(UniversalitySuite.method("unode", u, io.github.unode.core.ImageShape.rgb(64)).name())
                .isEqualTo("UNODE (CPU recipe, 2 steps, crop scale from 0.6, no flip) at 32 px");
        assertThat(UniversalitySuite.method("unode", UniversalitySuite.Unode.of(2, null), grey).name())
                .isEqualTo("UNODE (CPU recipe, 2 steps)");
        var pool = AugmentationPool.standard();
        for (io.github.unode.core.ImageShape shape : List.of(io.github.unode.core.ImageShape.grey(16), rgb)) {
            float[] px = new float[40 * shape.pixels()];
            io.github.unode.core.RandomSource r = new io.github.unode.core.RandomSource(8);
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) r.nextDouble();
            }
            var views = UniversalitySuite.positiveViews(shape, false, 1.0, false);
            try (io.github.unode.data.ImageSet in = io.github.unode.data.ImageSet.fromPixels(px, shape, null, "noise");
                    var d = UniversalitySuite.cpuRecipe(1, 1, shape, 1, pool, views, 0f, false, 0).fit(in);
                    var plain = UniversalitySuite.cpuRecipe(1, 1, shape, 1, pool, false, 0f).fit(in)) {
                assertThat(d.configuration().get("positiveViews")).as(shape.toString())
                        .startsWith("crop scale [1.00, 1], flip off").isEqualTo(views.toString());
                assertThat(plain.configuration().get("positiveViews")).as(shape.toString())
                        .isEqualTo(io.github.unode.augment.PositiveAugmentation.Config.defaultsFor(shape).toString());
                float[] a = d.score(in).novelty();
                float[] b = plain.score(in).novelty();
                assertThat(a).as("views that differ train another detector, %s", shape).isNotEqualTo(b);
            }
        }
    }

    @Test
    void thePatchTermReportsItsVariantsFromTheRecipesOwnFitOnGreyAndColourAndIsNotCombinedWithOtherTerms()
            throws Exception {
        assertThatThrownBy(() -> UniversalitySuite.main(new String[] {"suite", "out.tsv", "--unode-patch-term", "yes"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--unode-patch-term takes on or off");
        assertThatThrownBy(() -> new UniversalitySuite.Unode(2, 32, 1, new int[] {2, 3}, List.of(), false, 0f, List.of(),
                false, false, false, 0, 0, true, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--unode-patch-term cannot be combined");
        assertThatThrownBy(() -> new UniversalitySuite.Unode(2, 32, 1, new int[0], List.of(), false, 0f, List.of(),
                false, true, false, 0, 0, true, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--unode-spaces");
        var u = new UniversalitySuite.Unode(2, 32, 1, new int[0], List.of(), false, 0f, List.of(), false, false, false,
                0, 0, true, true);
        assertThat(u.patchTerm()).isTrue();
        assertThat(new UniversalitySuite.Unode(2, 32, 1, new int[0], List.of(), false, 0f, List.of(), false, false, false,
                0, 0, true).patchTerm()).isFalse();
        for (io.github.unode.core.ImageShape shape : List.of(io.github.unode.core.ImageShape.grey(16),
                io.github.unode.core.ImageShape.rgb(64))) {
            // the method's name is the recipe's: its own score's rows stay comparable with earlier runs
            Method m = UniversalitySuite.method("unode", u, shape);
            assertThat(m.name()).isEqualTo("UNODE (CPU recipe, 2 steps)" + (shape.height() > 32 ? " at 32 px" : ""));
            float[] px = new float[40 * shape.pixels()];
            io.github.unode.core.RandomSource r = new io.github.unode.core.RandomSource(8);
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) r.nextDouble();
            }
            try (io.github.unode.data.ImageSet in = io.github.unode.data.ImageSet.fromPixels(px, shape, null, "noise");
                    Method.Fitted f = m.fit(in, 1);
                    Method.Fitted plain = UniversalitySuite.method("unode", UniversalitySuite.Unode.of(2, 32), shape)
                            .fit(in, 1)) {
                var v = f.scoreVariants(in);
                assertThat(v).as(shape.toString()).containsKeys("raw patches", "recipe + raw patches",
                        "recipe + raw patches x2", "similarity + head + raw patches");
                assertThat(plain.scoreVariants(in)).doesNotContainKey("raw patches");
                // the recipe's own score is the plain fit's, to the last digit
                assertThat(v.get("")).as(shape.toString()).isEqualTo(plain.score(in));
            }
        }
    }

    private static List<float[]> trainable(io.github.unode.score.NoveltyDetector d) {
        List<float[]> out = new java.util.ArrayList<>();
        d.network().encoder().getParameters().forEach(p -> {
            if (p.getValue().requiresGradient()) {
                out.add(p.getValue().getArray().toFloatArray());
            }
        });
        return out;
    }

    /**
     * {@code on} and {@code off} have the recipe's name and, fitted on the same noise, the same
     * detector score; {@code on} alone also reports {@code keys}.
     */
    private static void assertReportedFromTheSameFit(UniversalitySuite.Unode on, UniversalitySuite.Unode off,
            String... keys) {
        io.github.unode.core.ImageShape grey = io.github.unode.core.ImageShape.grey(28);
        // the name is the recipe's: the extra variants change no fit and no detector score
        assertThat(UniversalitySuite.method("unode", on, grey).name()).isEqualTo(UniversalitySuite.method("unode", off, grey).name());
        float[] px = new float[60 * grey.pixels()];
        io.github.unode.core.RandomSource r = new io.github.unode.core.RandomSource(6);
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) r.nextDouble();
        }
        try (io.github.unode.data.ImageSet in = io.github.unode.data.ImageSet.fromPixels(px, grey, null, "noise");
                var with = UniversalitySuite.method("unode", on, grey).fit(in, 1);
                var without = UniversalitySuite.method("unode", off, grey).fit(in, 1)) {
            java.util.Map<String, double[]> v = with.scoreVariants(in);
            java.util.Map<String, double[]> w = without.scoreVariants(in);
            assertThat(v).containsKeys(keys);
            assertThat(w).doesNotContainKeys(keys);
            assertThat(v.get("")).containsExactly(w.get(""));
        }
    }
}
