package io.github.unode.spark;

import io.github.unode.core.ImageShape;
import io.github.unode.core.UnodeException;
import io.github.unode.data.ImageFolderReader;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StructType;

/**
 * The three kinds of image column the transformer reads, and how a row's value becomes the
 * detector's CHW floats in [0, 1] (or the reason it cannot).
 */
enum ImageColumn {
    /** Spark's {@code image} data source: {@code struct<origin, height, width, nChannels, mode, data>}, BGR(A) bytes. */
    IMAGE_STRUCT,
    /** Encoded image bytes (PNG, JPEG, BMP, GIF): {@code binaryFile}'s {@code content}. */
    ENCODED_BYTES,
    /** {@code array<float>} or {@code array<double>}: {@code C x H x W} values in [0, 1], channel-major. */
    PIXEL_ARRAY;

    private static final List<String> IMAGE_FIELDS = List.of("height", "width", "nChannels", "data");

    /** The kind of a column type, or an {@code IllegalArgumentException} naming the accepted ones. */
    static ImageColumn of(String column, DataType type) {
        if (type instanceof StructType s && List.of(s.fieldNames()).containsAll(IMAGE_FIELDS)) {
            return IMAGE_STRUCT;
        }
        if (type instanceof BinaryType) {
            return ENCODED_BYTES;
        }
        if (type instanceof ArrayType a && (a.elementType() instanceof FloatType || a.elementType() instanceof DoubleType)) {
            return PIXEL_ARRAY;
        }
        throw new IllegalArgumentException("column '" + column + "' has type " + type.simpleString()
                + "; the novelty transformer reads Spark's image struct (spark.read().format(\"image\")), "
                + "encoded image bytes (binary, e.g. binaryFile's 'content') or pixels (array<float> or "
                + "array<double>, C x H x W values in [0, 1])");
    }

    /** The image as CHW floats at {@code shape}; an {@link UnreadableImage} says why not. */
    float[] pixels(Row row, int field, ImageShape shape) {
        if (row.isNullAt(field)) {
            throw new UnreadableImage("no image: the value is null");
        }
        try {
            return switch (this) {
                case IMAGE_STRUCT -> fromStruct(row.getStruct(field), shape);
                case ENCODED_BYTES -> ImageFolderReader.decode((byte[]) row.get(field), shape, "the image bytes");
                case PIXEL_ARRAY -> fromArray(row.getList(field), shape);
            };
        } catch (UnodeException | IllegalArgumentException e) {
            throw new UnreadableImage(e.getMessage());
        }
    }

    private static float[] fromStruct(Row image, ImageShape shape) {
        int h = image.getInt(image.fieldIndex("height"));
        int w = image.getInt(image.fieldIndex("width"));
        int c = image.getInt(image.fieldIndex("nChannels"));
        Object data = image.get(image.fieldIndex("data"));
        String origin = List.of(image.schema().fieldNames()).contains("origin")
                ? image.getString(image.fieldIndex("origin")) : "the image";
        if (h <= 0 || w <= 0 || c <= 0 || !(data instanceof byte[] bytes) || bytes.length == 0) {
            throw new UnreadableImage("Spark's image source could not decode " + origin
                    + " (an invalid image row: " + h + "x" + w + ", " + c + " channels)");
        }
        if (c != 1 && c != 3 && c != 4) {
            throw new UnreadableImage(origin + " has " + c + " channels; 1, 3 or 4 (BGRA) are read");
        }
        if ((long) h * w * c != bytes.length) {
            throw new UnreadableImage(origin + ": " + bytes.length + " bytes of data for " + h + "x" + w + "x" + c);
        }
        BufferedImage img;
        if (c == 1) {
            img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster r = img.getRaster();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    r.setSample(x, y, 0, bytes[y * w + x] & 0xff);
                }
            }
        } else {
            img = new BufferedImage(w, h, c == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * c; // Spark's order: B, G, R (, A)
                    int argb = (c == 4 ? (bytes[o + 3] & 0xff) << 24 : 0xff << 24) | (bytes[o + 2] & 0xff) << 16
                            | (bytes[o + 1] & 0xff) << 8 | (bytes[o] & 0xff);
                    img.setRGB(x, y, argb);
                }
            }
        }
        return ImageFolderReader.pixels(img, shape);
    }

    private static float[] fromArray(List<Object> values, ImageShape shape) {
        if (values.size() != shape.pixels()) {
            throw new UnreadableImage(values.size() + " pixel values; this detector scores images of " + shape
                    + " (" + shape.pixels() + " values, channel-major)");
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = values.get(i);
            if (v == null) {
                throw new UnreadableImage("pixel " + i + " is null");
            }
            float f = ((Number) v).floatValue();
            if (!(f >= 0f && f <= 1f)) { // NaN fails too
                throw new UnreadableImage("pixel " + i + " is " + f + "; values must lie in [0, 1] (divide 8-bit "
                        + "values by 255)");
            }
            out[i] = f;
        }
        return out;
    }

    /** Why one row's image cannot be scored: reported in the row, not thrown out of the job. */
    static final class UnreadableImage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableImage(String reason) {
            super(reason, null, false, false);
        }
    }

}
