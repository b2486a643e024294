package io.github.unode.cli;

import io.github.unode.data.ImageSet;
import io.github.unode.eval.EvaluationListener;
import io.github.unode.eval.Method;
import io.github.unode.eval.Methods;
import io.github.unode.eval.NovelClassBreakdown;
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
            "beside a raw-pixel nearest neighbour fitted on the same class's training images; write a report.",
            "Test classes without training images (MVTec AD's defect folders) also get an AUROC each."})
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = {"-d", "--detector"}, required = true, paramLabel = "DIR", description = "A detector saved by `unode train`.")
    Path detector;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--class", required = true, description = "The inlier class of the test split: "
            + DataOptions.CLASS_HELP + ".")
    String inlierClass;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Report folder (default: ${DEFAULT-VALUE}): a new or empty folder, or"
            + " an earlier report with --overwrite.", defaultValue = "reports/evaluate")
    Path out;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        output.checkReport(out); // before the work
        try (NoveltyDetector d = NoveltyDetector.load(detector); DataOptions.Splits data = dataOptions.shapedFor(d.inputShape()).load()) {
            int c = data.inlierClass(inlierClass);
            ImageSet test = data.test();
            boolean[] novel = new boolean[test.size()];
            for (int i = 0; i < novel.length; i++) {
                novel[i] = test.label(i) != c;
            }
            NovelClassBreakdown kinds = NovelClassBreakdown.testOnlyClasses(data.train(), test, data.classNames());
            String setting = "class " + data.describe(c);
            List<TaskResult> results = new ArrayList<>();
            long t0 = System.nanoTime();
            float[] s = d.score(test).novelty();
            double[] scores = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                scores[i] = s[i];
            }
            results.add(new TaskResult(data.name(), setting, "clean", "UNODE (" + detector.getFileName() + ")",
                    DetectionMetrics.of(scores, novel, d.threshold()), d.provenance().trainingSeconds(),
                    (System.nanoTime() - t0) / 1e9, scores, novel, kinds.metrics(scores, novel, d.threshold())));
            Method nn = Methods.pixelNearestNeighbour();
            try (ImageSet inliers = data.train().onlyLabel(c); Method.Fitted f = nn.fit(inliers, 0)) {
                long t1 = System.nanoTime();
                double[] b = f.score(test);
                results.add(new TaskResult(data.name(), setting, "clean", nn.name(), DetectionMetrics.of(b, novel, Double.NaN),
                        0, (System.nanoTime() - t1) / 1e9, b, novel, kinds.metrics(b, novel, Double.NaN)));
            }
            results.forEach(EvaluationListener.printing(System.out)::onResult);
            EvaluationReport report = new EvaluationReport("Evaluation of " + detector, "./unode "
                    + String.join(" ", Commands.args()), Commands.machine(), results);
            output.write(report, out, false);
            System.out.println(report.summary());
            System.out.println("report written to " + out.toAbsolutePath());
        }
        return ExitCodes.OK;
    }
}
