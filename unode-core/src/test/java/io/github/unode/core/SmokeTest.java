package io.github.unode.core;

import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void engine() {
        System.out.println(Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomUniform(0, 1, new Shape(1024, 1024));
            NDArray b = m.randomUniform(0, 1, new Shape(1024, 1024));
            a.matMul(b).toFloatArray();
            long t = System.nanoTime();
            for (int i = 0; i < 20; i++) a.matMul(b).toFloatArray();
            double s = (System.nanoTime() - t) / 1e9;
            System.out.printf("GFLOP/s %.1f%n", 20 * 2.0 * 1024 * 1024 * 1024 / s / 1e9);
        }
    }
}
