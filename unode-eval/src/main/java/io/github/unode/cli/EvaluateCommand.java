package io.github.unode.cli;

import io.github.unode.data.ImageSet;
import io.github.unode.eval.EvaluationListener;
import io.github.unode.eval.Method;
import io.github.unode.eval.Methods;
import io.github.unode.eval.TaskResult;
import io.github.unode.eval.metrics.DetectionMetrics;
import io.github.unode.eval.report.EvaluationReport;
import io.github.unode.score.NoveltyDetector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Evaluates a saved detector on a labelled test split, beside the baselines. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a saved detector on the test split of --data with --class as the inliers,",
            "beside a raw-pixel nearest neighbour fitted on the same class's training images; write a report."})
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = {"-d", "--detector"}, required = true, description = "A detector saved by `unode train`.")
    Path detector;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--class", required = true, description = "The inlier class of the test split.")
    int inlierClass;

    @Option(names = {"-o", "--out"}, description = "Report folder (default: ${DEFAULT-VALUE}).", defaultValue = "reports/evaluate")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (NoveltyDetector d = NoveltyDetector.load(detector); DataOptions.Splits data = dataOptions.load();
                ImageSet inliers = data.train().onlyLabel(inlierClass)) {
            ImageSet test = data.test();
            boolean[] novel = new boolean[test.size()];
            for (int i = 0; i < novel.length; i++) {
                novel[i] = test.label(i) != inlierClass;
            }
            String setting = "class " + inlierClass + DataOptions.className(data, inlierClass);
            List<TaskResult> results = new ArrayList<>();
            long t0 = System.nanoTime();
            float[] s = d.score(test).novelty();
            double[] scores = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                scores[i] = s[i];
            }
            results.add(new TaskResult(data.name(), setting, "clean", "UNODE (" + detector.getFileName() + ")",
                    DetectionMetrics.of(scores, novel, d.threshold()), d.provenance().trainingSeconds(),
                    (System.nanoTime() - t0) / 1e9, scores, novel));
            Method nn = Methods.pixelNearestNeighbour();
            try (Method.Fitted f = nn.fit(inliers, 0)) {
                long t1 = System.nanoTime();
                double[] b = f.score(test);
                results.add(new TaskResult(data.name(), setting, "clean", nn.name(), DetectionMetrics.of(b, novel, Double.NaN),
                        0, (System.nanoTime() - t1) / 1e9, b, novel));
            }
            results.forEach(EvaluationListener.printing(System.out)::onResult);
            EvaluationReport report = new EvaluationReport("Evaluation of " + detector, "./unode "
                    + String.join(" ", Commands.args()), Commands.machine(), results);
            report.write(out);
            System.out.println(report.summary());
            System.out.println("report written to " + out.toAbsolutePath());
        }
        return ExitCodes.OK;
    }
}
