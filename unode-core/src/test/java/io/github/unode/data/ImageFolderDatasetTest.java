package io.github.unode.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unode.core.DataFormatException;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.LabelMismatchException;
import io.github.unode.testing.MvtecLayout;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Image-folder data sets: classes matched by folder name across train/ and test/, or refused. */
class ImageFolderDatasetTest {

    private static void png(Path file, int value) throws Exception {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                img.getRaster().setSample(x, y, 0, value);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    @ParameterizedTest(name = "colour={0}")
    @ValueSource(booleans = {false, true})
    void mvtecLayoutMatchesTrainingGoodWithTestGoodByName(boolean colour, @TempDir Path tmp) throws Exception {
        Path root = MvtecLayout.write(tmp.resolve("bottle"), colour);
        ImageShape shape = new ImageShape(colour ? 3 : 1, 32, 32);
        try (ImageFolderDataset d = ImageFolderDataset.read(root, shape)) {
            assertThat(d.classNames()).isEqualTo(MvtecLayout.CLASSES);
            int good = d.classIndex("good");
            assertThat(good).isEqualTo(2).isNotZero(); // folder index 0 of test/ is a defect
            assertThat(d.train().size()).isEqualTo(MvtecLayout.TRAIN_GOOD);
            assertThat(d.train().classes()).containsExactly(good);
            assertThat(d.test().size()).isEqualTo(MvtecLayout.TEST_GOOD + MvtecLayout.DEFECTS.size() * MvtecLayout.PER_DEFECT);
            for (String defect : MvtecLayout.DEFECTS) {
                int c = d.classIndex(defect);
                assertThat(Arrays.stream(d.test().labels().orElseThrow()).filter(l -> l == c).count()).as(defect)
                        .isEqualTo(MvtecLayout.PER_DEFECT);
            }
            assertThat(d.testOnlyClasses()).containsExactly(0, 1, 3, 4, 5, 6, 7);
            // the test images labelled good are exactly the images of test/good
            try (ImageSet testGood = d.test().onlyLabel(good);
                    ImageSet folder = ImageSets.folder(root.resolve("test/good"), shape)) {
                assertThat(testGood.toFloatArray()).containsExactly(folder.toFloatArray());
            }
            if (colour) {
                float[] v = d.train().toFloatArray();
                int plane = 32 * 32;
                assertThat(v[0]).as("red and blue of a colour image differ").isNotEqualTo(v[2 * plane]);
            }
        }
    }

    @Test
    void theSameClassesInBothSplitsKeepTheSortedFolderIndices(@TempDir Path tmp) throws Exception {
        for (String split : List.of("train", "test")) {
            png(tmp.resolve(split + "/cat/1.png"), 10);
            png(tmp.resolve(split + "/ant/1.png"), 20);
            png(tmp.resolve(split + "/ant/2.png"), 30);
            png(tmp.resolve(split + "/bee/1.png"), 40);
        }
        try (ImageFolderDataset d = ImageFolderDataset.read(tmp, ImageShape.grey(8));
                ImageFolderReader.Folder train = ImageFolderReader.read(tmp.resolve("train"), ImageShape.grey(8))) {
            assertThat(d.classNames()).containsExactly("ant", "bee", "cat").isEqualTo(train.classNames());
            assertThat(d.train().labels().orElseThrow()).containsExactly(0, 0, 1, 2)
                    .isEqualTo(train.images().labels().orElseThrow());
            assertThat(d.test().labels().orElseThrow()).containsExactly(0, 0, 1, 2);
            assertThat(d.testOnlyClasses()).isEmpty();
        }
    }

    @Test
    void layoutsThatCannotBeMatchedAreRefusedNamingTheFolders(@TempDir Path tmp) throws Exception {
        ImageShape grey = ImageShape.grey(8);
        Path extra = tmp.resolve("extra");
        png(extra.resolve("train/good/1.png"), 10);
        png(extra.resolve("train/ok/1.png"), 10);
        png(extra.resolve("test/good/1.png"), 10);
        png(extra.resolve("test/scratch/1.png"), 10);
        assertThatThrownBy(() -> ImageFolderDataset.read(extra, grey)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("lacks: [ok]").hasMessageContaining("[good, scratch]")
                .hasMessageContaining("folder name");

        Path flatTrain = tmp.resolve("flat-train");
        png(flatTrain.resolve("train/1.png"), 10);
        png(flatTrain.resolve("test/good/1.png"), 10);
        assertThatThrownBy(() -> ImageFolderDataset.read(flatTrain, grey)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(flatTrain.resolve("train") + " has no class folders")
                .hasMessageContaining(flatTrain.resolve("train/good").toString());

        Path flatTest = tmp.resolve("flat-test");
        png(flatTest.resolve("train/good/1.png"), 10);
        png(flatTest.resolve("test/1.png"), 10);
        assertThatThrownBy(() -> ImageFolderDataset.read(flatTest, grey)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(flatTest.resolve("test") + " has no class folders");

        Path noTest = tmp.resolve("no-test");
        png(noTest.resolve("train/good/1.png"), 10);
        assertThatThrownBy(() -> ImageFolderDataset.read(noTest, grey)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("has no test/ folder");

        Path empty = tmp.resolve("empty");
        png(empty.resolve("train/good/1.png"), 10);
        png(empty.resolve("test/good/1.png"), 10);
        Files.createDirectories(empty.resolve("test/hole"));
        assertThatThrownBy(() -> ImageFolderDataset.read(empty, grey)).isInstanceOf(EmptyDataException.class)
                .hasMessageContaining(empty.resolve("test/hole") + " holds no images");

        Path loose = tmp.resolve("loose");
        png(loose.resolve("train/good/1.png"), 10);
        png(loose.resolve("test/good/1.png"), 10);
        png(loose.resolve("test/stray.png"), 10);
        assertThatThrownBy(() -> ImageFolderDataset.read(loose, grey)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("stray.png").hasMessageContaining("beside its class folders");

        try (ImageFolderDataset d = ImageFolderDataset.read(MvtecLayout.write(tmp.resolve("m"), false), grey)) {
            assertThatThrownBy(() -> d.classIndex("Good")).isInstanceOf(LabelMismatchException.class)
                    .hasMessageContaining("'Good'").hasMessageContaining("2 good").hasMessageContaining("7 stain");
        }
    }

    @Test
    void aClassIsNamedOrIndexedAndANameWinsOverAnIndex() {
        ClassNames names = new ClassNames(List.of("broken", "good"));
        assertThat(names.resolve("good")).isEqualTo(1);
        assertThat(names.resolve("0")).isZero();
        assertThat(names.describe(1)).isEqualTo("1 (good)");
        assertThatThrownBy(() -> names.resolve("2")).isInstanceOf(LabelMismatchException.class)
                .hasMessageContaining("no class 2").hasMessageContaining("0 broken, 1 good");
        assertThatThrownBy(() -> names.resolve("scratch")).isInstanceOf(LabelMismatchException.class)
                .hasMessageContaining("'scratch'");
        // folders named by numbers: "10" is the folder named 10 (index 1), not index 10
        ClassNames digits = new ClassNames(List.of("1", "10", "2"));
        assertThat(digits.resolve("10")).isEqualTo(1);
        assertThat(digits.resolve("2")).isEqualTo(2);
        // without names, a number is the label itself
        assertThat(ClassNames.none().resolve("7")).isEqualTo(7);
        assertThat(ClassNames.none().describe(7)).isEqualTo("7");
    }
}
