package io.github.unode.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.unode.augment.Augmentation;
import io.github.unode.core.ImageShape;
import io.github.unode.train.UnodeTrainer;
import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The library modules' descriptors, read from the compiled classes the tests run against: each
 * exports exactly its API packages, its helpers only to unode's own modules, and the four resolve
 * on a module path made of the dependencies the build really resolved (a {@code requires} naming
 * a module that no dependency provides fails here, not in a user's application). The tests
 * themselves run on the class path.
 */
class ModuleDescriptorTest {
    private static final Set<String> UNODE = Set.of("io.github.unode.augment", "io.github.unode.train",
            "io.github.unode.eval", "io.github.unode.cli", "io.github.unode.benchkit");

    @Test
    void exportsOnlyTheApiPackagesAndHelpersOnlyToUnode() throws Exception {
        Map<String, String> expected = new TreeMap<>();
        for (String p : List.of("io.github.unode.core", "io.github.unode.data", "io.github.unode.model",
                "io.github.unode.score", "io.github.unode.augment", "io.github.unode.augment.auto",
                "io.github.unode.train", "io.github.unode.eval", "io.github.unode.eval.baselines",
                "io.github.unode.eval.corrupt", "io.github.unode.eval.metrics", "io.github.unode.eval.protocol",
                "io.github.unode.eval.report")) {
            expected.put(p, "*");
        }
        expected.put("io.github.unode.internal", String.join(",", new TreeSet<>(UNODE)));
        expected.put("io.github.unode.eval.internal", "io.github.unode.cli");

        Map<String, String> exported = new TreeMap<>();
        Set<String> packages = new TreeSet<>();
        for (Class<?> c : List.of(ImageShape.class, Augmentation.class, UnodeTrainer.class, Method.class)) {
            ModuleDescriptor d = descriptor(c);
            packages.addAll(d.packages());
            for (Exports e : d.exports()) {
                exported.put(e.source(), e.isQualified() ? String.join(",", new TreeSet<>(e.targets())) : "*");
            }
        }
        assertThat(exported).isEqualTo(expected);
        // every package a module holds is either exported to all or named internal
        assertThat(packages.stream().filter(p -> !"*".equals(exported.get(p))))
                .containsExactly("io.github.unode.eval.internal", "io.github.unode.internal");
    }

    @Test
    void theLibraryModulesResolveOnAModulePathOfTheirDependencies() {
        Path[] path = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                // test-only jars (JUnit, AssertJ, Jazzer, the fixtures) are not a user's dependencies; the native
                // jar cannot be a module (its Automatic-Module-Name is no Java name) and stays on the class path
                .filter(p -> !p.toString().contains("test-classes") && !p.toString().contains("unode-testing")
                        && !p.toString().matches(".*(junit|assertj|jazzer|opentest4j|apiguardian|byte-buddy"
                                + "|surefire|jqwik|hamcrest|pytorch-native).*"))
                .toArray(Path[]::new);
        Configuration c = ModuleLayer.boot().configuration().resolve(ModuleFinder.of(path), ModuleFinder.of(),
                Set.of("io.github.unode.eval"));
        Set<String> resolved = c.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet());
        assertThat(resolved).contains("io.github.unode.core", "io.github.unode.augment", "io.github.unode.train",
                "io.github.unode.eval", "ai.djl.api", "ai.djl.pytorch_engine", "com.google.gson", "org.slf4j",
                "commons.math3");
    }

    private static ModuleDescriptor descriptor(Class<?> c) throws URISyntaxException {
        Path where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ModuleFinder.of(where).findAll().stream().findFirst().orElseThrow(
                () -> new AssertionError("no module-info.class at " + where)).descriptor();
    }
}
