package io.github.unode.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unode.core.ImageShape;
import io.github.unode.data.ImageSet;
import io.github.unode.data.ImageSets;
import io.github.unode.model.Backbone;
import io.github.unode.score.NoveltyDetector;
import io.github.unode.score.ScoreBatch;
import io.github.unode.testing.TestImages;
import io.github.unode.train.TrainingListener;
import io.github.unode.train.UnodeTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example of README.md ("Use it from Java"), run on folders of colour PNGs at 64 px.
 * README.md copies the example's lines from {@link #theReadmeExampleRunsOnColourImages}; the
 * assertions in between are the test's own. {@link #theReadmeCopiesThisTest} fails when the two
 * drift apart.
 */
class ReadmeExampleTest {
    private static final String SECTION = "## Use it from Java";

    @Test
    void theReadmeExampleRunsOnColourImages(@TempDir Path tmp) throws Exception {
        Path goodParts = tmp.resolve("good-parts");
        Path newParts = tmp.resolve("new-parts");
        Path saved = tmp.resolve("detector");
        try (ImageSet good = TestImages.fashion(1, 20, 3, 64); ImageSet other = TestImages.fashion(9, 6, 3, 64)) {
            TestImages.writePngs(good, goodParts);
            TestImages.writePngs(other, newParts);
        }
        float[] first;
        // README.md: from here on
        try (ImageSet inliers = ImageSets.folder(goodParts, ImageShape.rgb(64));   // colour, resized to 64 px
             ImageSet newImages = ImageSets.folder(newParts, ImageShape.rgb(64));
             NoveltyDetector detector = UnodeTrainer.builder()
                     .backbone(Backbone.resNet18(inliers.shape(), 0.25))
                     .epochs(1).seed(7)                     // a first try: budgets in docs/user-guide.md
                     .listener(TrainingListener.progressBar())
                     .build()
                     .fit(inliers)) {
            ScoreBatch s = detector.score(newImages);   // novelty per image, its parts, and isNovel
            detector.save(saved);                        // atomic, checksummed, versioned
            first = s.novelty();
            assertThat(inliers.shape()).isEqualTo(ImageShape.rgb(64));
            assertThat(s.size()).isEqualTo(6);
            for (float v : first) {
                assertThat(v).isFinite();
            }
        }
        try (ImageSet newImages = ImageSets.folder(newParts, ImageShape.rgb(64));
             NoveltyDetector again = NoveltyDetector.load(saved)) {
            ScoreBatch same = again.score(newImages);    // identical scores
            assertThat(same.novelty()).containsExactly(first);
        }
        // README.md: up to here
    }

    @Test
    void theReadmeCopiesThisTest() throws IOException {
        Path root = repositoryRoot();
        List<String> snippet = readmeSnippet(Files.readAllLines(root.resolve("README.md")));
        assertThat(snippet).as("the README's Java example").anyMatch(l -> l.contains("NoveltyDetector.load"))
                .anyMatch(l -> l.startsWith("import "));
        List<String> test = Files.readAllLines(root.resolve(
                "unode-eval/src/test/java/io/github/unode/examples/ReadmeExampleTest.java"));
        // every line of the snippet is a line of this test, in the same order (indentation aside)
        int at = 0;
        for (String line : snippet) {
            while (at < test.size() && !test.get(at).strip().equals(line)) {
                at++;
            }
            assertThat(at).as("README line \"%s\" is in ReadmeExampleTest, after the lines before it", line)
                    .isLessThan(test.size());
            at++;
        }
    }

    /** The non-blank lines, stripped, of the first java block after {@link #SECTION}. */
    private static List<String> readmeSnippet(List<String> readme) {
        int start = readme.indexOf(SECTION);
        assertThat(start).as("README.md has a section \"%s\"", SECTION).isNotNegative();
        while (!readme.get(start).equals("```java")) {
            start++;
        }
        List<String> out = new ArrayList<>();
        for (int i = start + 1; !readme.get(i).equals("```"); i++) {
            if (!readme.get(i).isBlank()) {
                out.add(readme.get(i).strip());
            }
        }
        return out;
    }

    /** The directory holding README.md and this module, from the working directory or one of its parents. */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("unode-eval"))) {
                return p;
            }
        }
        throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
    }
}
