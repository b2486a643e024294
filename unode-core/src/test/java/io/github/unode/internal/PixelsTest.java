package io.github.unode.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.InvalidPixelException;
import org.junit.jupiter.api.Test;

class PixelsTest {
    /**
     * One bad value anywhere in an array of valid pixels, small or large enough for the engine's
     * vectorised reductions, is found and named, and valid pixels (0, -0, 1 included) pass.
     */
    @Test
    void everyBadValueIsFoundWhereverItIsAndValidPixelsPass() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (Shape shape : new Shape[] {new Shape(1, 1, 2, 2), new Shape(1, 1, 28, 28), new Shape(16, 3, 32, 32)}) {
                int n = (int) shape.size();
                for (int at : new int[] {0, 1, n / 2, n - 2, n - 1}) {
                    String where = shape + " at " + at;
                    assertThatThrownBy(() -> Pixels.check(with(m, shape, at, Float.NaN), "x"))
                            .as(where).isInstanceOf(InvalidPixelException.class).hasMessageContaining("NaN");
                    assertThatThrownBy(() -> Pixels.check(with(m, shape, at, Float.POSITIVE_INFINITY), "x"))
                            .as(where).isInstanceOf(InvalidPixelException.class).hasMessageContaining("infinite");
                    assertThatThrownBy(() -> Pixels.check(with(m, shape, at, Float.NEGATIVE_INFINITY), "x"))
                            .as(where).isInstanceOf(InvalidPixelException.class).hasMessageContaining("infinite");
                    assertThatThrownBy(() -> Pixels.check(with(m, shape, at, 1.0000001f), "x"))
                            .as(where).isInstanceOf(InvalidPixelException.class).hasMessageContaining("[0, 1]");
                    assertThatThrownBy(() -> Pixels.check(with(m, shape, at, -Float.MIN_VALUE), "x"))
                            .as(where).isInstanceOf(InvalidPixelException.class).hasMessageContaining("[0, 1]");
                    for (float ok : new float[] {0f, -0f, 1f}) {
                        assertThatCode(() -> Pixels.check(with(m, shape, at, ok), "x")).as(where + " " + ok)
                                .doesNotThrowAnyException();
                    }
                }
            }
        }
    }

    /** Pixels of {@code shape} in (0, 1) but {@code value} at flat index {@code at}. */
    private static NDArray with(NDManager m, Shape shape, int at, float value) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 97 + 1) / 99f;
        }
        v[at] = value;
        return m.create(v, shape);
    }
}
