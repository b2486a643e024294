package io.github.unode.internal;

import static io.github.unode.testing.Fixtures.gaussians;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.unode.core.EmptyDataException;
import io.github.unode.core.ImageShapeException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NearestSearchTest {
    private static final int D = 6;
    private NDManager m;

    @BeforeEach
    void open() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    /** The {@code k} best values of query {@code i}, best first, in float64 from the float inputs. */
    private static double[] bruteForce(float[] bank, float[] qs, int i, int k, NearestSearch.Measure measure) {
        int rows = bank.length / D;
        double[] v = new double[rows];
        double qn = 0;
        for (int c = 0; c < D; c++) {
            qn += (double) qs[i * D + c] * qs[i * D + c];
        }
        for (int j = 0; j < rows; j++) {
            double dot = 0;
            double bn = 0;
            double d2 = 0;
            for (int c = 0; c < D; c++) {
                double a = qs[i * D + c];
                double b = bank[j * D + c];
                dot += a * b;
                bn += b * b;
                d2 += (a - b) * (a - b);
            }
            v[j] = switch (measure) {
                case DOT -> -dot;
                case COSINE -> -dot / Math.sqrt(qn); // the bank is taken as it is
                case SQUARED_EUCLIDEAN -> d2;
                case EUCLIDEAN -> Math.sqrt(d2);
            };
        }
        Arrays.sort(v);
        double[] best = Arrays.copyOf(v, k);
        if (measure == NearestSearch.Measure.DOT || measure == NearestSearch.Measure.COSINE) {
            for (int j = 0; j < k; j++) {
                best[j] = -best[j];
            }
        }
        return best;
    }

    @Test
    void everyMeasureMatchesABruteForceAcrossBlockBoundaries() {
        int rows = 53; // not a multiple of the bank block of 8
        float[] bank = gaussians(1, rows * D);
        for (int q : new int[] {1, 15, 16, 17}) {
            float[] qs = gaussians(100 + q, q * D);
            NDArray queries = m.create(qs, new Shape(q, D));
            for (NearestSearch.Measure measure : NearestSearch.Measure.values()) {
                for (NearestSearch.Padding padding : NearestSearch.Padding.values()) {
                    NearestSearch search = NearestSearch.over(m.create(bank, new Shape(rows, D)), measure).bankBlock(8)
                            .queryBlock(7).padding(padding);
                    for (int k : new int[] {1, 9, rows}) {
                        float[] got = search.nearest(queries, k);
                        assertThat(got).hasSize(q * k);
                        for (int i = 0; i < q; i++) {
                            double[] want = bruteForce(bank, qs, i, k, measure);
                            for (int j = 0; j < k; j++) {
                                assertThat((double) got[i * k + j]).as("%s %s q=%d k=%d query %d rank %d", measure, padding,
                                        q, k, i, j).isCloseTo(want[j], within(2e-5 * Math.max(1, Math.abs(want[j]))));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void aPaddedQueryGetsTheSameBitsAloneAndInABatch() {
        int rows = 3000;
        int d = 64;
        float[] bank = gaussians(2, rows * d);
        float[] qs = gaussians(3, 40 * d);
        NDArray all = m.create(qs, new Shape(40, d));
        for (NearestSearch.Measure measure : NearestSearch.Measure.values()) {
            NearestSearch search = NearestSearch.over(m.create(bank, new Shape(rows, d)), measure).bankBlock(1024)
                    .padding(NearestSearch.Padding.QUERY_ROWS);
            for (int k : new int[] {1, 2}) {
                float[] whole = search.nearest(all, k);
                for (int batch : new int[] {1, 3, 17}) {
                    for (int from = 0; from < 40; from += batch) {
                        int to = Math.min(40, from + batch);
                        float[] part = search.nearest(all.get(from + ":" + to), k);
                        for (int j = 0; j < part.length; j++) {
                            assertThat(Float.floatToIntBits(part[j])).as("%s k=%d batch %d value %d", measure, k, batch,
                                    from * k + j).isEqualTo(Float.floatToIntBits(whole[from * k + j]));
                        }
                    }
                }
            }
        }
    }

    @Test
    void reusingItsArraysChangesNoBitAndLeavesNothingBehind() {
        // the arrays a search makes once (bank block views, zero rows, the cosine's floor) give the
        // bits of the search that makes them on every call: cold and warm, alone and in batches,
        // every measure, padding and k, one bank block or several, a float16 bank, exclusions
        int rows = 300;
        int d = 64;
        float[] bankValues = gaussians(7, rows * d);
        float[] qs = gaussians(8, 40 * d);
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT16}) {
            for (NearestSearch.Measure measure : NearestSearch.Measure.values()) {
                for (NearestSearch.Padding padding : NearestSearch.Padding.values()) {
                    for (int bankBlock : new int[] {4096, 128}) {
                        try (NDManager owner = m.newSubManager(); NDManager callers = m.newSubManager()) {
                            NDArray bank = owner.create(bankValues, new Shape(rows, d)).toType(type, false);
                            NearestSearch fast = NearestSearch.over(bank, measure).bankBlock(bankBlock).padding(padding);
                            NearestSearch plain = fast.reusing(false);
                            for (int q : new int[] {1, 1, 3, 16, 17, 40}) {
                                NDArray queries = callers.create(Arrays.copyOf(qs, q * d), new Shape(q, d));
                                int[] exclude = new int[q];
                                for (int i = 0; i < q; i++) {
                                    exclude[i] = i % 2 == 0 ? -1 : (37 * i) % rows;
                                }
                                for (int k : new int[] {1, 3}) {
                                    String what = type + " " + measure + " " + padding + " bank block " + bankBlock
                                            + " q=" + q + " k=" + k;
                                    assertThat(bits(fast.nearest(queries, k))).as(what)
                                            .containsExactly(bits(plain.nearest(queries, k)));
                                    assertThat(bits(fast.nearest(queries, k, exclude))).as(what + " excluding")
                                            .containsExactly(bits(plain.nearest(queries, k, exclude)));
                                }
                                // nothing of the search is left on the caller's manager, and what it
                                // keeps on the bank's does not grow when a call is made again
                                assertThat(callers.getManagedArrays()).as("%s %s", measure, padding).hasSize(1);
                                int owned = owner.getManagedArrays().size();
                                fast.nearest(queries, 2);
                                assertThat(owner.getManagedArrays()).as("%s %s", measure, padding).hasSize(owned);
                                queries.close();
                            }
                        }
                    }
                }
            }
        }
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    @Test
    void theBlockSizesChangeNoBit() {
        float[] bank = gaussians(4, 1000 * D);
        NDArray queries = m.create(gaussians(5, 33 * D), new Shape(33, D));
        for (NearestSearch.Measure measure : NearestSearch.Measure.values()) {
            NearestSearch one = NearestSearch.over(m.create(bank, new Shape(1000, D)), measure).bankBlock(1000);
            float[] want = one.nearest(queries, 4);
            assertThat(one.bankBlock(64).nearest(queries, 4)).as("%s", measure).containsExactly(want);
            assertThat(one.bankBlock(999).nearest(queries, 4)).as("%s", measure).containsExactly(want);
        }
    }

    @Test
    void excludedRowsArePassedOverAndPrepareTransformsTheQueries() {
        // bank rows 0..3 on the axes of R^2; query 0 is row 2 itself
        NDArray bank = m.create(new float[] {1, 0, 0, 1, -1, 0, 0, -1}, new Shape(4, 2));
        NDArray q = m.create(new float[] {-1, 0, 0.5f, 0.5f}, new Shape(2, 2));
        NearestSearch l2 = NearestSearch.over(bank, NearestSearch.Measure.SQUARED_EUCLIDEAN);
        assertThat(l2.nearest(q, 1)).containsExactly(0f, 0.5f);
        // without row 2, query 0 is at distance^2 2 from rows 1 and 3
        assertThat(l2.nearest(q, 2, new int[] {2, -1})).containsExactly(2f, 2f, 0.5f, 0.5f);
        NearestSearch dot = NearestSearch.over(bank, NearestSearch.Measure.DOT);
        assertThat(dot.nearest(q, 1, new int[] {2, 0})).containsExactly(0f, 0.5f);
        // a query whose only row is excluded is infinitely far
        NearestSearch single = NearestSearch.over(m.create(new float[] {1, 0}, new Shape(1, 2)), NearestSearch.Measure.DOT);
        assertThat(single.nearest(q, 1, new int[] {0, -1})).containsExactly(Float.NEGATIVE_INFINITY, 0.5f);
        // the hook sees the padded block and the search uses what it returns: here, the queries doubled
        NearestSearch doubled = l2.padding(NearestSearch.Padding.QUERY_ROWS).prepare(x -> {
            assertThat(x.getShape()).isEqualTo(new Shape(16, 2));
            return x.mul(2f);
        });
        assertThat(doubled.nearest(q, 1)).containsExactly(1f, 1f); // (-2, 0) to row 2; (1, 1) to rows 0 and 1
        // a float16 bank is widened block by block
        NearestSearch half = NearestSearch.over(bank.toType(DataType.FLOAT16, false), NearestSearch.Measure.EUCLIDEAN);
        assertThat(half.nearest(q, 1)).containsExactly(0f, (float) Math.sqrt(0.5));
    }

    @Test
    void theCosineNormalisesTheQueriesAndTheRule() {
        NDArray bank = NearestSearch.normalised(m.create(new float[] {3, 4, 0, 2}, new Shape(2, 2)));
        assertThat(bank.toFloatArray()).containsExactly(new float[] {0.6f, 0.8f, 0f, 1f}, within(1e-7f));
        NearestSearch cos = NearestSearch.over(bank, NearestSearch.Measure.COSINE);
        assertThat(cos.nearest(m.create(new float[] {6, 8, 0, 0}, new Shape(2, 2)), 2))
                .containsExactly(new float[] {1f, 0.8f, 0f, 0f}, within(1e-6f)); // a zero query has no direction: 0
        assertThat(NearestSearch.paddedRows(0)).isEqualTo(16);
        assertThat(NearestSearch.paddedRows(1)).isEqualTo(16);
        assertThat(NearestSearch.paddedRows(16)).isEqualTo(16);
        assertThat(NearestSearch.paddedRows(17)).isEqualTo(32);
        assertThat(cos.nearest(m.zeros(new Shape(0, 2)), 1)).isEmpty();
    }

    @Test
    void badInputIsRefusedWithTheProblemNamed() {
        NDArray bank = m.create(gaussians(6, 5 * D), new Shape(5, D));
        NearestSearch s = NearestSearch.over(bank, NearestSearch.Measure.DOT);
        assertThatThrownBy(() -> s.nearest(m.zeros(new Shape(2, D + 1)), 1)).isInstanceOf(ImageShapeException.class)
                .hasMessageContaining("(Q, 6)").hasMessageContaining("(2, 7)");
        assertThatThrownBy(() -> s.nearest(m.zeros(new Shape(D)), 1)).isInstanceOf(ImageShapeException.class);
        assertThatThrownBy(() -> s.nearest(m.zeros(new Shape(2, D)), 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 rows").hasMessageContaining("got 6");
        assertThatThrownBy(() -> s.nearest(m.zeros(new Shape(2, D)), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> s.nearest(m.zeros(new Shape(2, D)), 1, new int[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one entry per query (2)");
        assertThatThrownBy(() -> NearestSearch.over(m.zeros(new Shape(0, D)), NearestSearch.Measure.COSINE))
                .isInstanceOf(EmptyDataException.class).hasMessageContaining("at least one row");
        assertThatThrownBy(() -> NearestSearch.over(m.zeros(new Shape(3, 2, 2)), NearestSearch.Measure.COSINE))
                .isInstanceOf(ImageShapeException.class).hasMessageContaining("(M, D)");
        assertThatThrownBy(() -> s.bankBlock(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bank block");
        assertThatThrownBy(() -> s.queryBlock(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query block");
    }
}
