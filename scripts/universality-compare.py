#!/usr/bin/python3
"""Compares the UNODE rows of a universality run with reference rows on the same tasks.

    /usr/bin/python3 scripts/universality-compare.py REF.tsv[,REF2.tsv...] NEW.tsv[,NEW2.tsv...] \
        [--variants "-;similarity + head"]

Both sides are UniversalitySuite TSV rows. For each score variant (separated by ";", since
variant names hold commas; "-" is the detector's own score), prints a Markdown table with one row
per task that both sides have: the reference's UNODE AUROC, the new run's, their difference, and
the best baseline of the reference rows on that task (raw-pixel NN by L2 and cosine,
blurred+centred pixel NN, DN2-style NN, patch NN). Below each data set: the mean over its compared
tasks of each (population std, the convention of docs/accuracy.md), so that a change is read
against the same tasks, not the reference's full set.
A UNODE row is any row whose method contains "UNODE" (the method's name carries its settings);
rows of a seed other than 1 (the suite's --seed, named "(seed N)") are compared only with rows of
the same seed.

With --over-seeds, each task is instead averaged over the seeds that both sides have for it (a seed
on one side only is left out, so that the two means are over the same fits' seeds): one row per
task with its seeds, both means, their difference, the task's best baseline (seed 1's, as above)
and each side's sample std over its seeds (n - 1,
"-" for one seed), and below each data set the mean over its tasks, how many tasks went up, and
each side's pooled seed std (the root of the mean sample variance over its tasks of two or more
seeds): how far one fit of a task moves with its seed.

With --corrupted, both sides are instead UniversalitySuite --corrupted-out rows (corruption,
severity, data, task, method, variant, auroc), compared on the (task, corruption, severity) cells
both sides have: per data set and variant, the mean over its tasks of each task's mean AUROC over
its corruptions (Table 2's form), how many tasks went up, and the best baseline's on the same
cells; then per corruption, the mean over every compared task.

With --across-seeds, a fit's seed is dropped from its name before the two sides are matched, so
that one seed's rows are compared with another's (how far a seed moves a figure): each side must
then hold one seed of each task; with --corrupted, each data set's row then also gives the pooled
seed std of one task's figure (the root of half the mean squared difference: two seeds) and the
largest difference of a task.

With --data a,b, only the rows of these data sets are read (on both sides).

With --against VARIANT, each new variant is compared with the reference's VARIANT instead of its
own name (for example the new run's "recipe + raw patches" against the reference's "-", when the
reference has no such variant); not with --over-seeds or --corrupted.
"""
import argparse
import csv
import re
import statistics
import sys

BASELINES = ["raw-pixel NN", "raw-pixel NN (cosine)", "blurred+centred pixel NN",
             "DN2-style NN (untrained ResNet-18)", "patch NN (8x8 centred, stride 4)"]
DATA_ORDER = ["fmnist", "digits", "glyphs", "textures", "textures-oa", "textures-128"]
SEED = re.compile(r" \(seed (\d+)\)$")  # the suite's name for a fit at a seed other than 1


def read(paths, across_seeds, data=None):
    """Each row of the files (of the data sets in data, if given), with its key (data, task, method,
    variant); a UNODE row's method is "UNODE" (settings in the name vary), and its seed when not 1
    unless across_seeds."""
    for p in paths.split(","):
        with open(p, newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                if r["data"] == "data":  # a header repeated by an appended run
                    continue
                if data is not None and r["data"] not in data:
                    continue
                method = r["method"]
                if "UNODE" in method:
                    seed = SEED.search(method)
                    method = "UNODE" + (seed.group(0) if seed and not across_seeds else "")
                yield p, r, (r["data"], r["task"], method, r["variant"])


def load(paths, across_seeds=False, data=None):
    rows = {}
    for p, r, key in read(paths, across_seeds, data):
        if key in rows:
            sys.exit("%s: %s/%s %s (%s) appears twice" % (p, r["data"], r["task"], r["method"], r["variant"]))
        rows[key] = float(r["auroc"])
    return rows


def task_order(t):
    return (0, int(t), "") if t.isdigit() else (1, 0, t)


def task_key(d, t):
    """The page's order: data sets as in DATA_ORDER, then tasks by number or name."""
    return DATA_ORDER.index(d) if d in DATA_ORDER else 99, task_order(t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ref")
    ap.add_argument("new")
    ap.add_argument("--variants", default="-;similarity + head")
    ap.add_argument("--over-seeds", action="store_true")
    ap.add_argument("--corrupted", action="store_true")
    ap.add_argument("--across-seeds", action="store_true")
    ap.add_argument("--data", help="only these data sets, e.g. fmnist,digits")
    ap.add_argument("--against", help="the reference's variant every new variant is compared with")
    a = ap.parse_args()
    if a.against is not None and (a.over_seeds or a.corrupted):
        sys.exit("--against compares one seed's clean rows: not with --over-seeds or --corrupted")
    data = set(a.data.split(",")) if a.data else None
    if a.corrupted:
        corrupted(load_corrupted(a.ref, a.across_seeds, data), load_corrupted(a.new, a.across_seeds, data),
                  a.variants.split(";"), a.across_seeds)
        return
    ref, new = load(a.ref, a.across_seeds, data), load(a.new, a.across_seeds, data)
    if a.over_seeds:
        over_seeds(ref, new, a.variants.split(";"))
        return
    for v in a.variants.split(";"):
        rv = v if a.against is None else a.against
        keys = unode_keys(ref, new, v, rv)
        title = "" if rv == v else " (against the reference's %s)" % ("score" if rv == "-" else rv)
        if not table(v, keys, title, ["data", "task", "reference", "new", "difference", "best baseline"]):
            continue
        by_data = {}
        for d, t, m in keys:
            r, n = ref[(d, t, m, rv)], new[(d, t, m, v)]
            best = best_baseline(ref, new, d, t)
            by_data.setdefault((d, m), []).append((r, n, best[0] if best else None))
            print("| %s | %s%s | %.2f | %.2f | %+.2f | %s |" % (d, t, m[len("UNODE"):], r, n, n - r,
                                                              "%.2f (%s)" % best if best else "-"))
        for (d, m), l in by_data.items():
            r = [x[0] for x in l]
            n = [x[1] for x in l]
            b = [x[2] for x in l if x[2] is not None]
            print("| **%s%s, %d tasks** | mean ± std | %.2f ± %.2f | %.2f ± %.2f | %+.2f | %s |"
                  % (d, m[len("UNODE"):], len(l), statistics.mean(r), statistics.pstdev(r), statistics.mean(n),
                     statistics.pstdev(n), statistics.mean(n) - statistics.mean(r),
                     "%.2f (best per task)" % statistics.mean(b) if len(b) == len(l) else "-"))

def unode_keys(ref, new, variant, ref_variant=None):
    """The (data, task, UNODE method) of variant that both sides have (the reference's ref_variant,
    variant itself when None), by method and then the page's task order."""
    rv = variant if ref_variant is None else ref_variant
    return sorted({(d, t, m) for (d, t, m, v) in new if m.startswith("UNODE") and v == variant and (d, t, m, rv) in ref},
                  key=lambda k: (k[2], task_key(k[0], k[1])))


def seed_of(method):
    m = SEED.search(method)
    return int(m.group(1)) if m else 1


def table(variant, found, title, columns):
    """Prints a variant's heading and its table's header; False (and a warning) if no task is in both."""
    if not found:
        print("variant %s: no task in both" % variant, file=sys.stderr)
        return False
    print("\n#### variant: %s%s\n" % ("the detector's score" if variant == "-" else variant, title))
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    return True


def best_baseline(ref, new, d, t):
    found = [(rows[(d, t, b, "-")], b) for rows in (ref, new) for b in BASELINES if (d, t, b, "-") in rows]
    return max(found) if found else None


def sd(variance):
    return "-" if variance is None else "%.2f" % variance ** 0.5


def over_seeds(ref, new, variants):
    for v in variants:
        tasks = {}
        for (d, t, m, vv) in new:
            if m.startswith("UNODE") and vv == v and (d, t, m, vv) in ref:
                tasks.setdefault((d, t), []).append((seed_of(m), m))
        if not table(v, tasks, ", averaged over the seeds both sides have",
                     ["data", "task", "seeds", "reference", "new", "difference", "best baseline",
                      "reference seed std", "new seed std"]):
            continue
        by_data = {}
        for d, t in sorted(tasks, key=lambda k: task_key(*k)):
            fits = sorted(tasks[(d, t)])
            seeds = [s for s, _ in fits]
            r = [ref[(d, t, m, v)] for _, m in fits]
            n = [new[(d, t, m, v)] for _, m in fits]
            rm, nm = statistics.mean(r), statistics.mean(n)
            rv, nv = (statistics.variance(r), statistics.variance(n)) if len(seeds) > 1 else (None, None)
            best = best_baseline(ref, new, d, t)
            by_data.setdefault(d, []).append((rm, nm, rv, nv, best[0] if best else None))
            print("| %s | %s | %s | %.2f | %.2f | %+.2f | %s | %s | %s |" % (d, t, ",".join(map(str, seeds)), rm, nm, nm - rm,
                                                                        "%.2f (%s)" % best if best else "-", sd(rv), sd(nv)))
        for d, l in by_data.items():
            rm = statistics.mean(x[0] for x in l)
            nm = statistics.mean(x[1] for x in l)
            up = sum(1 for x in l if x[1] > x[0])
            pooled = lambda i: sd(statistics.mean(x[i] for x in l if x[i] is not None)) \
                if any(x[i] is not None for x in l) else "-"
            b = [x[4] for x in l if x[4] is not None]
            print("| **%s, %d tasks** | mean | %d of %d up | %.2f | %.2f | %+.2f | %s | %s | %s |"
                  % (d, len(l), up, len(l), rm, nm, nm - rm,
                     "%.2f (best per task)" % statistics.mean(b) if len(b) == len(l) else "-", pooled(2), pooled(3)))


def load_corrupted(paths, across_seeds=False, data=None):
    """--corrupted-out rows: {(data, task, method, variant): {(corruption, severity): auroc}}, keys as in load."""
    rows = {}
    for p, r, key in read(paths, across_seeds, data):
        cells = rows.setdefault(key, {})
        cell = (r["corruption"], r["severity"])
        if cell in cells:
            sys.exit("%s: %s/%s %s (%s) %s appears twice" % (p, r["data"], r["task"], r["method"], r["variant"],
                                                            r["corruption"]))
        cells[cell] = float(r["auroc"])
    return rows


def corrupted(ref, new, variants, across_seeds=False):
    for v in variants:
        keys = unode_keys(ref, new, v)
        if not table(v, keys, ", mean over the corruptions both sides have",
                     ["data", "tasks", "reference", "new", "difference", "tasks up", "best baseline"]
                     + (["pooled seed std", "largest difference"] if across_seeds else [])):
            continue
        by_data, by_corruption = {}, {}
        for d, t, m in keys:
            r, n = ref[(d, t, m, v)], new[(d, t, m, v)]
            cells = sorted(set(r) & set(n))
            if not cells:
                continue
            base = [statistics.mean(rows[(d, t, b, "-")][c] for c in cells) for rows in (ref, new) for b in BASELINES
                    if (d, t, b, "-") in rows and all(c in rows[(d, t, b, "-")] for c in cells)]
            by_data.setdefault((d, m), []).append((statistics.mean(r[c] for c in cells),
                                                    statistics.mean(n[c] for c in cells), max(base) if base else None))
            for c in cells:
                by_corruption.setdefault(c, []).append((r[c], n[c]))
        for (d, m), l in by_data.items():
            b = [x[2] for x in l if x[2] is not None]
            diff = [x[1] - x[0] for x in l]
            seeds = " %.2f | %+.2f |" % ((statistics.mean(x * x for x in diff) / 2) ** 0.5, max(diff, key=abs)) \
                if across_seeds else ""
            print("| %s%s | %d | %.2f ± %.2f | %.2f ± %.2f | %+.2f | %d of %d | %s |%s"
                  % (d, m[len("UNODE"):], len(l), statistics.mean(x[0] for x in l), statistics.pstdev([x[0] for x in l]),
                     statistics.mean(x[1] for x in l), statistics.pstdev([x[1] for x in l]),
                     statistics.mean(diff), sum(1 for x in l if x[1] > x[0]), len(l),
                     "%.2f (best per task)" % statistics.mean(b) if len(b) == len(l) else "-", seeds))
        print("\n| corruption (severity) | cells | reference | new | difference |")
        print("|---|---|---|---|---|")
        for (c, sev), l in sorted(by_corruption.items(), key=lambda kv: statistics.mean(x[1] - x[0] for x in kv[1])):
            print("| %s (%s) | %d | %.2f | %.2f | %+.2f |" % (c, sev, len(l), statistics.mean(x[0] for x in l),
                                                            statistics.mean(x[1] for x in l),
                                                            statistics.mean(x[1] - x[0] for x in l)))


if __name__ == "__main__":
    main()
