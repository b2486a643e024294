package io.github.unode.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.ImageShapeException;
import org.junit.jupiter.api.Test;

class GaussianBlurTest {

    /** Two 5x6 channels, value ((i * 37) mod 23) / 22 at flat index i. */
    private static float[] image() {
        float[] x = new float[2 * 5 * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((i * 37) % 23) / 22f;
        }
        return x;
    }

    // scipy.ndimage.gaussian_filter(x, (0, 0, s, s)) with its defaults (mode "reflect", truncate 4),
    // SciPy 1.10 in float64, for s = 1, 0.6 and 2 (radius 4, 2 and 8: wider than the image, so the
    // mirroring repeats)
    private static final float[] SCIPY_SIGMA_1 = {
        0.3355899f, 0.4357889f, 0.5176575f, 0.5273581f, 0.4252759f, 0.3221876f,
        0.4649286f, 0.5189705f, 0.5435488f, 0.5019683f, 0.4350517f, 0.4017692f,
        0.5896567f, 0.5858493f, 0.5414539f, 0.4811706f, 0.4340311f, 0.3976689f,
        0.6485964f, 0.5864078f, 0.5288448f, 0.4771083f, 0.4058371f, 0.3545980f,
        0.6168630f, 0.5531174f, 0.5347629f, 0.4707198f, 0.3837710f, 0.3885388f,
        0.5660067f, 0.5708159f, 0.4852384f, 0.4378596f, 0.4930034f, 0.5359914f,
        0.5999474f, 0.5487648f, 0.4793626f, 0.4503383f, 0.4929482f, 0.5762296f,
        0.5568765f, 0.5205482f, 0.4745305f, 0.4278790f, 0.4436073f, 0.5271108f,
        0.5527763f, 0.5195013f, 0.4528348f, 0.4142944f, 0.4522806f, 0.5257935f,
        0.6323578f, 0.5292702f, 0.4272092f, 0.4371668f, 0.5201693f, 0.6220147f
    };
    private static final float[] SCIPY_SIGMA_06 = {
        0.1934352f, 0.4605778f, 0.4566743f, 0.6553555f, 0.4221507f, 0.2017459f,
        0.4982752f, 0.5049604f, 0.6453115f, 0.5008478f, 0.3538650f, 0.5025936f,
        0.5397096f, 0.6906494f, 0.5454477f, 0.3992098f, 0.5104800f, 0.4027297f,
        0.7843276f, 0.5907924f, 0.4451466f, 0.5558179f, 0.4075120f, 0.2166369f,
        0.6284898f, 0.4349547f, 0.6320097f, 0.4857650f, 0.2543343f, 0.4892849f,
        0.4652606f, 0.7002112f, 0.4687805f, 0.3229867f, 0.5491295f, 0.4717971f,
        0.7379086f, 0.5470335f, 0.3987276f, 0.5111798f, 0.4804067f, 0.7457751f,
        0.5518158f, 0.4440655f, 0.5553356f, 0.4095419f, 0.2929839f, 0.5583523f,
        0.4519519f, 0.6006804f, 0.4536977f, 0.3092408f, 0.4500360f, 0.4584953f,
        0.7527996f, 0.5323948f, 0.2991900f, 0.4978712f, 0.4939677f, 0.7611102f
    };
    private static final float[] SCIPY_SIGMA_2 = {
        0.4812841f, 0.4844339f, 0.4816745f, 0.4657353f, 0.4410797f, 0.4223245f,
        0.5022922f, 0.5004414f, 0.4907451f, 0.4694583f, 0.4424343f, 0.4232574f,
        0.5315662f, 0.5224687f, 0.5026997f, 0.4735642f, 0.4429208f, 0.4229727f,
        0.5550299f, 0.5397497f, 0.5113701f, 0.4754435f, 0.4415311f, 0.4207716f,
        0.5666273f, 0.5480704f, 0.5151228f, 0.4755632f, 0.4398516f, 0.4186067f,
        0.5401730f, 0.5259571f, 0.5075019f, 0.4971147f, 0.4987288f, 0.5045495f,
        0.5375460f, 0.5230485f, 0.5045094f, 0.4945720f, 0.4969826f, 0.5034199f,
        0.5344980f, 0.5194059f, 0.5006843f, 0.4917029f, 0.4958111f, 0.5035552f,
        0.5332632f, 0.5173651f, 0.4983906f, 0.4907119f, 0.4971375f, 0.5066581f,
        0.5335665f, 0.5170449f, 0.4978730f, 0.4912042f, 0.4994276f, 0.5103240f
    };

    @Test
    void matchesScipysGaussianFilterPerChannel() {
        assertBlurs(1.0, SCIPY_SIGMA_1);
        assertBlurs(0.6, SCIPY_SIGMA_06);
        assertBlurs(2.0, SCIPY_SIGMA_2);
    }

    private static void assertBlurs(double sigma, float[] expected) {
        GaussianBlur blur = GaussianBlur.ofSigma(sigma);
        assertThat(blur.radius()).isEqualTo((int) (4 * sigma + 0.5));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray out = blur.apply(m.create(image(), new Shape(1, 2, 5, 6)), m);
            assertThat(out.getShape()).isEqualTo(new Shape(1, 2, 5, 6));
            float[] got = out.toFloatArray();
            for (int i = 0; i < got.length; i++) {
                assertThat(got[i]).as("sigma %s, value %d", sigma, i).isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    @Test
    void keepsAConstantImage() {
        float[] flat = new float[3 * 7 * 4];
        java.util.Arrays.fill(flat, 0.25f);
        GaussianBlur.ofSigma(1.5).blur(flat, 3, 7, 4);
        for (float v : flat) {
            assertThat(v).isCloseTo(0.25f, within(1e-6f));
        }
    }

    @Test
    void zeroSigmaIsNoBlurAndBadInputIsRefused() {
        assertThat(GaussianBlur.ofSigma(0)).isNull();
        assertThatThrownBy(() -> GaussianBlur.ofSigma(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sigma");
        assertThatThrownBy(() -> GaussianBlur.ofSigma(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GaussianBlur.ofSigma(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        GaussianBlur blur = GaussianBlur.ofSigma(1);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> blur.apply(m.zeros(new Shape(4, 30)), m)).isInstanceOf(ImageShapeException.class)
                    .hasMessageContaining("(N, C, H, W)");
        }
        assertThatThrownBy(() -> blur.blur(new float[10], 1, 3, 3)).isInstanceOf(ImageShapeException.class);
    }
}
