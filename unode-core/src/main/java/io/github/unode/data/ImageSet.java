package io.github.unode.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShape;
import io.github.unode.core.ImageShapeException;
import io.github.unode.core.InvalidPixelException;
import io.github.unode.core.LabelMismatchException;
import io.github.unode.core.RandomSource;
import io.github.unode.internal.Engines;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * A whole data set of images held as one float tensor {@code (N, C, H, W)} with values in
 * [0, 1], with optional integer labels. Batches are index selections of that tensor.
 *
 * <p>An {@code ImageSet} owns its native memory through its own {@link NDManager}: close it when
 * done. Every derived set ({@link #onlyLabel}, {@link #select}, {@link #split}, ...) is a new,
 * independent set that must be closed as well. Instances are immutable and may be read from many
 * threads.
 */
public final class ImageSet implements AutoCloseable {
    private final NDManager manager;
    private final NDArray images;
    private final int[] labels;
    private final String name;
    private final ImageShape shape;
    private volatile String fingerprint;

    private ImageSet(NDManager manager, NDArray images, int[] labels, String name) {
        this.manager = manager;
        this.images = images;
        this.labels = labels;
        this.name = name;
        this.shape = ImageShape.of(images.getShape());
    }

    /**
     * Wraps a batch tensor. The tensor is copied into the new set's own memory, validated (4-D,
     * float, finite, within [0, 1]) and converted to float32.
     *
     * @param images tensor of shape {@code (N, C, H, W)}
     * @param labels one label per image, or {@code null}
     * @param name a short description used in messages and provenance
     * @throws ImageShapeException if the tensor is not 4-D
     * @throws InvalidPixelException if a value is NaN, infinite, or outside [0, 1]
     * @throws LabelMismatchException if the label count differs from the image count
     */
    public static ImageSet of(NDArray images, int[] labels, String name) {
        if (images.getShape().dimension() != 4) {
            throw new ImageShapeException(
                    "images must be a batch tensor (N, C, H, W), got shape " + images.getShape()
                            + "; add a batch axis with expandDims(0) for a single image");
        }
        NDManager owner = NDManager.newBaseManager(images.getDevice());
        try {
            NDArray copy = Engines.ownedFloatCopy(images);
            copy.attach(owner);
            io.github.unode.internal.Pixels.check(copy, name);
            return new ImageSet(owner, copy, checkLabels(labels, copy.getShape().get(0)), name);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    /**
     * Builds a set from pixel values in {@code NCHW} order.
     *
     * @param pixels {@code n * shape.pixels()} values in [0, 1]
     * @param shape shape of one image
     * @param labels one label per image, or {@code null}
     * @param name a short description
     */
    public static ImageSet fromPixels(float[] pixels, ImageShape shape, int[] labels, String name) {
        if (pixels.length % shape.pixels() != 0) {
            throw new ImageShapeException(
                    pixels.length + " pixel values do not make whole images of shape " + shape);
        }
        long n = pixels.length / shape.pixels();
        try (NDManager tmp = NDManager.newBaseManager()) {
            return of(tmp.create(pixels, shape.batchShape(n)), labels, name);
        }
    }

    /**
     * Builds a set from 8-bit pixels in {@code NCHW} order, scaled by 1/255.
     *
     * @param pixels {@code n * shape.pixels()} unsigned bytes
     * @param shape shape of one image
     * @param labels one label per image, or {@code null}
     * @param name a short description
     */
    public static ImageSet fromBytes(byte[] pixels, ImageShape shape, int[] labels, String name) {
        if (pixels.length % shape.pixels() != 0) {
            throw new ImageShapeException(
                    pixels.length + " pixel bytes do not make whole images of shape " + shape);
        }
        long n = pixels.length / shape.pixels();
        try (NDManager tmp = NDManager.newBaseManager()) {
            NDArray u8 = tmp.create(ByteBuffer.wrap(pixels), shape.batchShape(n), DataType.UINT8);
            return of(u8.toType(DataType.FLOAT32, false).div(255f), labels, name);
        }
    }

    private static int[] checkLabels(int[] labels, long n) {
        if (labels == null) {
            return null;
        }
        if (labels.length != n) {
            throw new LabelMismatchException(
                    labels.length + " labels given for " + n + " images; give one label per image"
                            + " or none");
        }
        return labels.clone();
    }

    /** Number of images. */
    public int size() {
        return (int) images.getShape().get(0);
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** Shape of one image. */
    public ImageShape shape() {
        return shape;
    }

    /** A short description of where the images come from. */
    public String name() {
        return name;
    }

    /**
     * The whole tensor {@code (N, C, H, W)}. It belongs to this set: do not close it, and do
     * not modify it in place.
     */
    public NDArray images() {
        return images;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** A copy of the labels, if there are any. */
    public Optional<int[]> labels() {
        return Optional.ofNullable(labels).map(int[]::clone);
    }

    /** The label of image {@code i}. */
    public int label(int i) {
        requireLabels("label(i)");
        return labels[i];
    }

    /** The distinct labels, sorted. */
    public int[] classes() {
        requireLabels("classes()");
        return new TreeSet<>(Arrays.stream(labels).boxed().toList())
                .stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The distinct labels of this set that {@code other} has no image of, sorted: for a test
     * split and its training split, the classes that only the test split has.
     */
    public int[] classesNotIn(ImageSet other) {
        int[] theirs = other.classes();
        return Arrays.stream(classes()).filter(c -> Arrays.binarySearch(theirs, c) < 0).toArray();
    }

    /** Whether some image has label {@code label}. */
    public boolean hasClass(int label) {
        requireLabels("hasClass");
        return Arrays.stream(labels).anyMatch(l -> l == label);
    }

    /** The images whose label is one of {@code keep}. */
    public ImageSet onlyLabel(int... keep) {
        requireLabels("onlyLabel");
        int[] idx = IntStream.range(0, labels.length)
                .filter(i -> contains(keep, labels[i])).toArray();
        if (idx.length == 0) {
            throw new LabelMismatchException(
                    name + ": no image has label " + Arrays.toString(keep) + "; labels present: "
                            + Arrays.toString(classes()));
        }
        return select(idx, name + " label " + Arrays.toString(keep));
    }

    /** The images whose label is not one of {@code drop}. */
    public ImageSet exceptLabel(int... drop) {
        requireLabels("exceptLabel");
        int[] idx = IntStream.range(0, labels.length)
                .filter(i -> !contains(drop, labels[i])).toArray();
        return select(idx, name + " without label " + Arrays.toString(drop));
    }

    /** The images at the given indices, in that order (repeats allowed). */
    public ImageSet select(int[] indices) {
        return select(indices, name + " subset");
    }

    private ImageSet select(int[] indices, String newName) {
        for (int i : indices) {
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException(
                        "index " + i + " outside the " + size() + " images of " + name);
            }
        }
        NDManager owner = NDManager.newBaseManager(images.getDevice());
        try {
            NDArray sub;
            if (indices.length == 0) {
                sub = owner.zeros(shape.batchShape(0), DataType.FLOAT32);
            } else {
                try (NDManager tmp = NDManager.newBaseManager(images.getDevice())) {
                    NDArray idx = tmp.create(indices);
                    sub = images.get(idx);
                    sub.attach(owner);
                }
            }
            int[] subLabels = labels == null
                    ? null
                    : Arrays.stream(indices).map(i -> labels[i]).toArray();
            return new ImageSet(owner, sub, subLabels, newName);
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    /** The first {@code n} images (all of them if there are fewer). */
    public ImageSet first(int n) {
        return select(IntStream.range(0, Math.min(n, size())).toArray(), name + " first " + n);
    }

    /** {@code n} images drawn without replacement with the seed (all, shuffled, if fewer). */
    public ImageSet sample(int n, long seed) {
        int[] perm = new RandomSource(seed).permutation(size());
        return select(Arrays.copyOf(perm, Math.min(n, size())), name + " sample " + n);
    }

    /**
     * At most {@code n} images: {@link #sample(int, long) sample(n, seed)} when the set has more,
     * else a copy of all of them in their order ({@code first(size())}). {@code n} of 0 or less
     * means no limit, as in unode's {@code --max-...} options.
     */
    public ImageSet atMost(int n, long seed) {
        return n > 0 && size() > n ? sample(n, seed) : first(size());
    }

    /**
     * Splits the set at random into two disjoint parts.
     *
     * @param firstFraction share of images that go to the first part, in (0, 1)
     * @param seed the seed of the shuffle
     * @return the two parts; each keeps the original order of its images
     */
    public Partition split(double firstFraction, long seed) {
        if (!(firstFraction > 0 && firstFraction < 1)) {
            throw new IllegalArgumentException(
                    "firstFraction must lie strictly between 0 and 1, got " + firstFraction);
        }
        int n = size();
        int nFirst = (int) Math.round(n * firstFraction);
        if (nFirst == 0 || nFirst == n) {
            throw new EmptyDataException(
                    name + ": cannot split " + n + " images at " + firstFraction
                            + " without leaving one part empty");
        }
        int[] perm = new RandomSource(seed).permutation(n);
        int[] a = Arrays.copyOf(perm, nFirst);
        int[] b = Arrays.copyOfRange(perm, nFirst, n);
        Arrays.sort(a);
        Arrays.sort(b);
        return new Partition(select(a, name + " split A"), select(b, name + " split B"));
    }

    /** Two disjoint parts of a set; closing the partition closes both. */
    public record Partition(ImageSet first, ImageSet second) implements AutoCloseable {
        @Override
        public void close() {
            first.close();
            second.close();
        }
    }

    /**
     * The images at {@code indices}, as a new array attached to {@code target}. This is how
     * training and scoring take batches.
     */
    public NDArray batch(int[] indices, NDManager target) {
        NDArray idx = target.create(indices).toDevice(images.getDevice(), false);
        NDArray out = images.get(idx);
        out.attach(target);
        return out.toDevice(target.getDevice(), false);
    }

    /**
     * The images {@code from} (inclusive) to {@code to} (exclusive), attached to {@code target}.
     * This is a view of the set's memory, without a copy: use it while the set is open, or
     * {@code duplicate()} it.
     */
    public NDArray batch(int from, int to, NDManager target) {
        NDArray out = images.get(from + ":" + to);
        out.attach(target);
        return out.toDevice(target.getDevice(), false);
    }

    /** Images of this set resized to {@code target} height and width by bilinear interpolation. */
    public ImageSet resized(ImageShape target) {
        if (target.channels() != shape.channels()) {
            throw new ImageShapeException(
                    "resizing keeps the channel count: cannot turn " + shape + " into " + target);
        }
        if (target.equals(shape)) {
            return select(IntStream.range(0, size()).toArray(), name);
        }
        try (NDManager tmp = NDManager.newBaseManager(images.getDevice())) {
            NDArray copy = images.duplicate();
            copy.attach(tmp);
            boolean shrink = target.height() * 2 <= shape.height() || target.width() * 2 <= shape.width();
            NDArray out = io.github.unode.internal.Engines.resize(copy, target.height(), target.width(), shrink);
            return of(out.clip(0f, 1f), labels, name + " resized to " + target);
        }
    }

    /** This set's images with other labels. */
    public ImageSet withLabels(int[] newLabels) {
        NDManager owner = NDManager.newBaseManager(images.getDevice());
        NDArray copy = images.duplicate();
        copy.attach(owner);
        return new ImageSet(owner, copy, checkLabels(newLabels, size()), name);
    }

    /** The two sets one after the other; both must have the same image shape. */
    public static ImageSet concat(ImageSet a, ImageSet b, String name) {
        a.shape.require(b.shape, b.name);
        int[] l = a.labels != null && b.labels != null
                ? IntStream.concat(Arrays.stream(a.labels), Arrays.stream(b.labels)).toArray()
                : null;
        try (NDManager tmp = NDManager.newBaseManager(a.images.getDevice())) {
            NDArray joined = ai.djl.ndarray.NDArrays.concat(new NDList(a.images, b.images), 0);
            joined.attach(tmp);
            return of(joined, l, name);
        }
    }

    /** All pixel values, {@code NCHW} order. */
    public float[] toFloatArray() {
        return images.toFloatArray();
    }

    /**
     * SHA-256 of the image shape, pixel values and labels: two sets with the same fingerprint
     * hold the same data. Computed once.
     */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            {
                MessageDigest md = io.github.unode.internal.Hashing.sha256();
                ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                head.putInt(size()).putInt(shape.channels()).putInt(shape.height())
                        .putInt(shape.width());
                md.update(head.array());
                md.update(images.toByteBuffer());
                if (labels != null) {
                    ByteBuffer lb = ByteBuffer.allocate(labels.length * 4)
                            .order(ByteOrder.LITTLE_ENDIAN);
                    lb.asIntBuffer().put(labels);
                    md.update(lb);
                }
                f = HexFormat.of().formatHex(md.digest());
                fingerprint = f;
            }
        }
        return f;
    }

    private void requireLabels(String op) {
        if (labels == null) {
            throw new LabelMismatchException(
                    name + " has no labels, so " + op + " cannot be used; load it with labels");
        }
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "ImageSet[" + name + ", " + size() + " x " + shape + (labels != null ? ", labelled" : "") + "]";
    }
}
