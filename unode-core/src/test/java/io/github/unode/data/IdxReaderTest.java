package io.github.unode.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.unode.core.DataFormatException;
import io.github.unode.core.LabelMismatchException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    static byte[] idx(int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(0x0800 | dims.length);
        for (int x : dims) {
            d.writeInt(x);
        }
        d.write(data);
        return b.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        }
        return b.toByteArray();
    }

    private static byte[] pixels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 7);
        }
        return p;
    }

    @Test
    void readsPlainAndGzippedFilesAlike(@TempDir Path tmp) throws Exception {
        byte[] img = idx(new int[] {3, 2, 4}, pixels(24));
        byte[] lab = idx(new int[] {3}, new byte[] {2, 0, (byte) 200});
        Files.write(tmp.resolve("a.idx"), img);
        Files.write(tmp.resolve("a.gz.notnamedgz"), gzip(img)); // gzip found by its magic, not its name
        Files.write(tmp.resolve("l.idx"), lab);
        try (ImageSet plain = ImageSets.idx(tmp.resolve("a.idx"), tmp.resolve("l.idx"));
                ImageSet zipped = ImageSets.idx(tmp.resolve("a.gz.notnamedgz"), tmp.resolve("l.idx"))) {
            assertThat(plain.size()).isEqualTo(3);
            assertThat(plain.shape().toString()).isEqualTo("1x2x4");
            assertThat(plain.labels().orElseThrow()).containsExactly(2, 0, 200);
            float[] v = plain.toFloatArray();
            assertThat(v[1]).isEqualTo(7 / 255f);
            assertThat(v[20] * 255f).isCloseTo(140f, org.assertj.core.data.Offset.offset(1e-3f));
            assertThat(zipped.toFloatArray()).containsExactly(v);
        }
    }

    @Test
    void colourIdxFilesAreConvertedFromHwcToChw(@TempDir Path tmp) throws Exception {
        // one 1x2 image with 3 channels, HWC: (r,g,b) = (10,20,30), (40,50,60)
        Files.write(tmp.resolve("c.idx"), idx(new int[] {1, 1, 2, 3}, new byte[] {10, 20, 30, 40, 50, 60}));
        try (ImageSet s = ImageSets.idx(tmp.resolve("c.idx"), null)) {
            assertThat(s.shape().toString()).isEqualTo("3x1x2");
            float[] v = s.toFloatArray();
            float[] expected = {10, 40, 20, 50, 30, 60};
            for (int i = 0; i < 6; i++) {
                assertThat(v[i] * 255f).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-3f));
            }
        }
    }

    @Test
    void damagedFilesAreRefusedWithTheReason(@TempDir Path tmp) throws Exception {
        byte[] good = idx(new int[] {3, 2, 4}, pixels(24));
        Path p = tmp.resolve("x");
        Files.write(p, Arrays.copyOf(good, good.length - 5));
        assertThatThrownBy(() -> IdxReader.read(p)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("truncated").hasMessageContaining("24");
        Files.write(p, Arrays.copyOf(good, good.length + 3));
        assertThatThrownBy(() -> IdxReader.read(p)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("after the 24 bytes");
        Files.write(p, idx(new int[] {3, 0, 4}, new byte[0]));
        assertThatThrownBy(() -> IdxReader.read(p)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("positive");
        Files.write(p, idx(new int[] {100000, 100000, 100000}, new byte[0]));
        assertThatThrownBy(() -> IdxReader.read(p)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("damaged");
        byte[] floats = good.clone();
        floats[2] = 0x0D;
        Files.write(p, floats);
        assertThatThrownBy(() -> IdxReader.read(p)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("0xd");
        Files.write(p, "PNG not idx".getBytes());
        assertThatThrownBy(() -> IdxReader.read(p)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("not an IDX file");
        byte[] gz = gzip(good);
        Files.write(p, Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.read(p)).isInstanceOf(DataFormatException.class);
        Files.write(p, new byte[0]);
        assertThatThrownBy(() -> IdxReader.read(p)).isInstanceOf(DataFormatException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> IdxReader.read(tmp.resolve("missing"))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void labelCountMustMatchAndDirectoriesNameWhatWasLookedFor(@TempDir Path tmp) throws Exception {
        Files.write(tmp.resolve("train-images-idx3-ubyte"), idx(new int[] {3, 2, 2}, pixels(12)));
        Files.write(tmp.resolve("train-labels-idx1-ubyte"), idx(new int[] {2}, new byte[] {1, 2}));
        assertThatThrownBy(() -> ImageSets.idxDirectory(tmp, Split.TRAIN)).isInstanceOf(LabelMismatchException.class)
                .hasMessageContaining("2 labels").hasMessageContaining("3 images");
        assertThatThrownBy(() -> ImageSets.idxDirectory(tmp, Split.TEST)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte.gz").hasMessageContaining("test_data");
        Files.write(tmp.resolve("train-labels-idx1-ubyte"), idx(new int[] {3}, new byte[] {1, 2, 3}));
        try (ImageSet s = ImageSets.idxDirectory(tmp, Split.TRAIN)) {
            assertThat(s.labels().orElseThrow()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void theBundledSubsetIsWhatItsReadmeSays() throws Exception {
        try (ImageSet train = ImageSets.bundledFashionMnist(Split.TRAIN);
                ImageSet test = ImageSets.bundledFashionMnist(Split.TEST)) {
            assertThat(train.size()).isEqualTo(10_000);
            assertThat(test.size()).isEqualTo(3_000);
            assertThat(train.shape()).isEqualTo(io.github.unode.core.ImageShape.grey(28));
            int[] counts = new int[10];
            for (int l : train.labels().orElseThrow()) {
                counts[l]++;
            }
            assertThat(counts).containsOnly(1000);
        }
    }
}
