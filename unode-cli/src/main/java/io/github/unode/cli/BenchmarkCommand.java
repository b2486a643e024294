package io.github.unode.cli;

import io.github.unode.data.ImageSet;
import io.github.unode.eval.EvaluationListener;
import io.github.unode.eval.Method;
import io.github.unode.eval.Methods;
import io.github.unode.eval.TaskResult;
import io.github.unode.eval.corrupt.Corruption;
import io.github.unode.eval.protocol.MultiClassProtocol;
import io.github.unode.eval.protocol.OneClassProtocol;
import io.github.unode.eval.report.EvaluationReport;
import io.github.unode.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs an evaluation protocol with UNODE and the baselines, and writes the report. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Run an evaluation protocol with UNODE beside the baselines (raw-pixel NN, DN2-style NN on the",
            "untrained backbone) and write report.md, results.csv, results.json and plots to --out.",
            "Protocols: one-class (every class of every --data with training images; optionally corrupted test sets;",
            "test classes without training images, such as MVTec AD's defect folders, also get an AUROC each),",
            "unlabeled (all of --data is normal, --novel-data is novel), open-set (--inlier-classes of --data)."})
public final class BenchmarkCommand implements Callable<Integer> {
    @Option(names = "--protocol", description = "one-class, unlabeled or open-set (default: ${DEFAULT-VALUE}).",
            defaultValue = "one-class")
    String protocol;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--more-data", split = ",", paramLabel = "DIR", description = "Further data sets for the one-class protocol (same formats"
            + " as --data): the report adds the mean and spread across data sets.")
    List<Path> moreData = new ArrayList<>();

    @Option(names = "--novel-data", paramLabel = "DIR", description = "The novel data set of the unlabeled protocol (its test split is used).")
    Path novelData;

    @Option(names = "--classes", split = ",", description = "Inlier classes of the one-class protocol, each "
            + DataOptions.CLASS_HELP + " (default: every class with training images).")
    List<String> classes = new ArrayList<>();

    @Option(names = "--inlier-classes", split = ",", description = "Inlier classes of the open-set protocol, each "
            + DataOptions.CLASS_HELP + ".")
    List<String> inlierClasses = new ArrayList<>();

    @Mixin
    Limits.MaxInliers inlierLimit;

    @Mixin
    Limits.MaxTest testLimit;

    @Option(names = "--corruptions", split = ",", description = "Corrupted test sets to evaluate too: `all` or names"
            + " (gaussian_noise, shot_noise, impulse_noise, defocus_blur, glass_blur, motion_blur, zoom_blur, snow, frost,"
            + " fog, brightness, contrast, elastic_transform, pixelate, jpeg_compression).")
    List<String> corruptions = new ArrayList<>();

    @Option(names = "--max-corrupted-test", paramLabel = "N", description = "Corrupt at most this many of the test images"
            + " (drawn with the seed), 0 for all (default: ${DEFAULT-VALUE}).")
    int maxCorruptedTest = 0; // not defaultValue: see Limits

    @Option(names = "--corrupted-test", hidden = true, description = "Deprecated: --max-corrupted-test.")
    void corruptedTestRenamed(int n) {
        maxCorruptedTest = Limits.renamed("--corrupted-test", "--max-corrupted-test", n);
    }

    @Option(names = "--severity", description = "Severity of the corruptions, 1-5 (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int severity;

    @Option(names = "--no-baselines", description = "Run UNODE only.")
    boolean noBaselines;

    @Option(names = "--score-parts", description = "Also report UNODE's score parts alone (similarity only, head only),"
            + " from the same training run: the paper's Table 6.")
    boolean scoreParts;

    @Option(names = "--save-scores", description = "Also write every per-image score to scores.csv.gz in --out"
            + " (to combine or re-weigh scores offline).")
    boolean saveScores;

    @Option(names = "--labeled", description = "open-set protocol: also run UNODE trained with the inliers' labels"
            + " (SupCon and a (K+1)-way head, METHOD section 5).")
    boolean labeled;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Report folder (default: ${DEFAULT-VALUE}): a new or empty folder, or"
            + " an earlier report with --overwrite.", defaultValue = "reports/benchmark")
    Path out;

    @Mixin
    OutputOptions output;

    @Mixin
    TrainOptions train;

    @Override
    public Integer call() throws Exception {
        output.checkReport(out); // before hours of work, not after
        List<Method> methods = new ArrayList<>();
        java.util.function.LongFunction<io.github.unode.train.UnodeTrainer> unode = seed -> train.trainer(seed,
                train.showProgress() ? TrainingListener.logging(System.err) : null);
        methods.add(scoreParts ? Methods.unodeWithParts("UNODE", unode) : Methods.unode("UNODE", unode));
        if (labeled) {
            methods.add(Methods.unodeLabeled("UNODE (labeled)", seed -> train.trainer(seed,
                    train.showProgress() ? TrainingListener.logging(System.err) : null)));
        }
        if (!noBaselines) {
            methods.add(Methods.pixelNearestNeighbour());
            methods.add(Methods.featureNearestNeighbour("DN2-style NN (untrained backbone)", 2,
                    Methods.untrained(train::backbone)));
        }
        // each task as it comes is progress: on standard error, when wanted (--quiet is about training alone)
        EvaluationListener listener = train.progressWanted() ? EvaluationListener.printing(System.err)
                : new EvaluationListener() {};
        List<TaskResult> results = new ArrayList<>();
        switch (protocol.toLowerCase(Locale.ROOT)) {
            case "one-class" -> {
                List<Corruption> cs = corruptions.size() == 1 && corruptions.get(0).equalsIgnoreCase("all")
                        ? Arrays.asList(Corruption.values()) : corruptions.stream().map(BenchmarkCommand::corruption).toList();
                if (!cs.isEmpty() && (severity < 1 || severity > 5)) {
                    throw new UsageException("--severity must be 1 to 5, got " + severity);
                }
                List<Path> all = new ArrayList<>();
                all.add(dataOptions.data);
                all.addAll(moreData);
                for (Path p : all) {
                    try (DataOptions.Splits d = dataOptions.load(p)) {
                        shape = d.train().shape();
                        results.addAll(OneClassProtocol.run(d.name(), d.train(), d.test(), methods,
                                new OneClassProtocol.Config(d.inlierClasses(classes), inlierLimit.max, testLimit.max, cs, severity,
                                        train.seed(), d.classNames(), maxCorruptedTest), listener));
                    }
                }
            }
            case "unlabeled" -> {
                if (novelData == null) {
                    throw new UsageException("the unlabeled protocol needs --novel-data");
                }
                try (DataOptions.Splits d = dataOptions.load(); DataOptions.Splits n = dataOptions.load(novelData);
                        ImageSet normalTest = normalTest(d)) {
                    shape = d.train().shape();
                    results.addAll(MultiClassProtocol.unlabeled(d.name(), d.train(), normalTest, n.name(), n.test(), methods,
                            train.seed(), listener));
                }
            }
            case "open-set" -> {
                if (inlierClasses.isEmpty()) {
                    throw new UsageException("the open-set protocol needs --inlier-classes");
                }
                try (DataOptions.Splits d = dataOptions.load()) {
                    shape = d.train().shape();
                    results.addAll(MultiClassProtocol.openSet(d.name(), d.train(), d.test(),
                            d.inlierClasses(inlierClasses).stream().mapToInt(Integer::intValue).toArray(), methods,
                            train.seed(), listener));
                }
            }
            default -> throw new UsageException("unknown protocol '" + protocol
                    + "'; use one-class, unlabeled or open-set");
        }
        EvaluationReport report = new EvaluationReport("unode benchmark: " + protocol,
                "./unode " + String.join(" ", Commands.args()), Commands.machine(), results);
        output.write(report, out, saveScores);
        System.out.println();
        System.out.println(report.summary());
        System.out.println("report written to " + out.toAbsolutePath());
        return ExitCodes.OK;
    }

    /**
     * The normal test images of the unlabeled protocol: the test split without its classes that
     * have no training images (MVTec AD's defect folders are not normal).
     */
    private static ImageSet normalTest(DataOptions.Splits d) {
        int[] kinds = d.test().hasLabels() && d.train().hasLabels() ? d.testOnlyClasses() : new int[0];
        if (kinds.length == 0) {
            return d.test().first(d.test().size());
        }
        System.out.println("the unlabeled protocol leaves out the test classes without training images: "
                + Arrays.stream(kinds).mapToObj(d::describe).toList());
        return d.test().exceptLabel(kinds);
    }

    private volatile io.github.unode.core.ImageShape shape;

    private static Corruption corruption(String name) {
        try {
            return Corruption.of(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--corruptions: " + e.getMessage(), e);
        }
    }
}
