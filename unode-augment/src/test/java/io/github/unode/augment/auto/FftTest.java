package io.github.unode.augment.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.unode.core.RandomSource;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;
import org.junit.jupiter.api.Test;

class FftTest {

    @Test
    void matchesTheDefinitionAndCommonsMathAndInvertsForEveryLengthUpTo2To12() {
        RandomSource r = new RandomSource(5);
        for (int n = 1; n <= 4096; n <<= 1) {
            double[] re = new double[n];
            double[] im = new double[n];
            for (int i = 0; i < n; i++) {
                re[i] = r.nextGaussian();
                im[i] = r.nextGaussian();
            }
            double[] fr = re.clone();
            double[] fi = im.clone();
            Fft fft = new Fft(n);
            fft.forward(fr, fi);
            if (n <= 64) {
                for (int k = 0; k < n; k++) {
                    double sr = 0;
                    double si = 0;
                    for (int t = 0; t < n; t++) {
                        double a = -2 * Math.PI * k * t / n;
                        sr += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                        si += re[t] * Math.sin(a) + im[t] * Math.cos(a);
                    }
                    assertThat(fr[k]).isCloseTo(sr, within(1e-10));
                    assertThat(fi[k]).isCloseTo(si, within(1e-10));
                }
            }
            double[][] cm = {re.clone(), im.clone()};
            FastFourierTransformer.transformInPlace(cm, DftNormalization.STANDARD, TransformType.FORWARD);
            for (int k = 0; k < n; k++) {
                assertThat(fr[k]).isCloseTo(cm[0][k], within(1e-9));
                assertThat(fi[k]).isCloseTo(cm[1][k], within(1e-9));
            }
            fft.inverseUnscaled(fr, fi);
            for (int t = 0; t < n; t++) {
                assertThat(fr[t] / n).isCloseTo(re[t], within(1e-12));
                assertThat(fi[t] / n).isCloseTo(im[t], within(1e-12));
            }
        }
    }

    @Test
    void refusesLengthsThatAreNotPowersOfTwo() {
        assertThatThrownBy(() -> new Fft(12)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
        assertThat(Fft.nextPowerOfTwo(1)).isEqualTo(1);
        assertThat(Fft.nextPowerOfTwo(513)).isEqualTo(1024);
        assertThat(Fft.nextPowerOfTwo(1024)).isEqualTo(1024);
    }
}
