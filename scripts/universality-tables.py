#!/usr/bin/python3
"""Tables of the universality suite from UniversalitySuite's TSV rows (docs/universality.md).

    /usr/bin/python3 scripts/universality-tables.py RESULTS.tsv [DOC.md|-] [CORRUPTED.tsv]

Prints the tables as Markdown; with DOC.md, replaces the text between the lines
"<!-- tables begin -->" and "<!-- tables end -->" of that file with them instead. With
CORRUPTED.tsv (UniversalitySuite's --corrupted-out), also Table 2's form: per data set the mean
over its tasks of each task's mean AUROC over the corruptions.

Mean +- std are population standard deviations over a data set's tasks (the convention of
docs/accuracy.md); the across-data-set row is the mean and std of the per-data-set means, over
the data sets a method ran on all tasks of (Table 1's form). A method that ran on only some tasks
of a data set is shown with its task count, and its across-data-set figures are computed only
where it ran every task, else left out.
"""
import collections
import re
import csv
import statistics
import sys

BEGIN, END = "<!-- tables begin -->", "<!-- tables end -->"
DATA_ORDER = ["fmnist", "digits", "glyphs", "textures", "textures-oa", "textures-128"]
DATA_NAME = {"fmnist": "Fashion-MNIST (subset, 28 px grey)", "digits": "sklearn digits (28 px grey)",
             "textures": "textures, MVTec layout (64 px, 4 colour + 2 grey)",
             "textures-oa": "second texture source, OpenArena (64 px, 4 colour + 2 grey)",
             "textures-128": "textures at 128 px (4 colour + 2 grey)",
             "glyphs": "letters A-J from Debian's fonts (28 px grey)"}


def pstd(v):
    return statistics.pstdev(v) if len(v) > 1 else 0.0


def label(method, variant):
    """A method's row name; a method run at a reduced size on some data sets ("... at 32 px") keeps one row."""
    method = re.sub(r" at \d+ px$", "", method)
    return method if variant == "-" else "%s (%s)" % (method, variant)


def trained_side(method):
    m = re.search(r" at (\d+) px$", method)
    return m.group(1) if m else None


def corrupted_tables(path, clean_tasks):
    rows = list(csv.DictReader(open(path), delimiter="\t"))
    if not rows:
        return ["\n(no corrupted rows in %s)" % path]
    per = collections.defaultdict(lambda: collections.defaultdict(list))  # m -> (data, task) -> [auroc]
    byc = collections.defaultdict(dict)  # m -> (corruption, data, task) -> auroc
    order, corr, sev = [], [], set()
    for r in rows:
        m = label(r["method"], r["variant"])
        if m not in order:
            order.append(m)
        if r["corruption"] not in corr:
            corr.append(r["corruption"])
        sev.add(r["severity"])
        per[m][(r["data"], r["task"])].append(float(r["auroc"]))
        byc[m][(r["corruption"], r["data"], r["task"])] = float(r["auroc"])
    data = [d for d in DATA_ORDER if any(k[0] == d for m in per for k in per[m])]
    out = ["\n#### Corrupted test sets (Table 2's form): mean ± std over each data set's tasks of the task's mean AUROC"
           " over the %d corruptions at severity %s\n" % (len(corr), "/".join(sorted(sev)))]
    many = len(data) > 1  # an across-data-set column only where there is more than one data set
    out.append("| method | " + " | ".join(DATA_NAME.get(d, d) for d in data) + (" | across data sets |" if many else " |"))
    out.append("|---" * (len(data) + (2 if many else 1)) + "|")
    for m in order:
        cells, means, complete = [], [], True
        for d in data:
            v = [statistics.mean(a) for (dd, t), a in per[m].items() if dd == d]
            if not v:
                cells.append("-")
                complete = False
                continue
            full = len(v) == len(clean_tasks[d])
            complete &= full
            cells.append("%.2f ± %.2f%s" % (statistics.mean(v), pstd(v), "" if full else " (%d of %d tasks)" % (len(v), len(clean_tasks[d]))))
            means.append(statistics.mean(v))
        across = "%.2f ± %.2f" % (statistics.mean(means), pstd(means)) if complete and means else "-"
        out.append("| %s | %s |" % (m, " | ".join(cells + ([across] if many else []))))
    common = set.intersection(*(set((d, t) for (c, d, t) in byc[m]) for m in order))
    out.append("\n#### Corrupted: mean AUROC per corruption over the %d tasks every method above ran on"
               " (mean of the data sets' means)\n" % len(common))
    out.append("| method | " + " | ".join(corr) + " |")
    out.append("|---" * (len(corr) + 1) + "|")
    for m in order:
        cells = []
        for c in corr:
            dm = []
            for d in data:
                v = [byc[m][(c, dd, t)] for (dd, t) in common if dd == d and (c, dd, t) in byc[m]]
                if v:
                    dm.append(statistics.mean(v))
            cells.append("%.1f" % statistics.mean(dm) if dm else "-")
        out.append("| %s | %s |" % (m, " | ".join(cells)))
    return out


def main():
    rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
    auroc = collections.defaultdict(dict)  # (method label) -> {(data, task): auroc}
    times = collections.defaultdict(list)
    kinds = collections.defaultdict(lambda: collections.defaultdict(list))
    tasks = collections.defaultdict(set)
    res = {}
    order = []
    for r in rows:
        m = label(r["method"], r["variant"])
        if m not in order:
            order.append(m)
        auroc[m][(r["data"], r["task"])] = float(r["auroc"])
        tasks[r["data"]].add(r["task"])
        side = trained_side(r["method"]) or r["side"]
        kind = "rgb" if r["channels"] == "3" else ("grey" if r["channels"] == "1" else r["channels"])
        prev = res.get((m, r["data"]))
        kinds_seen = set(prev[1]) if prev and prev[0] == side else set()
        res[(m, r["data"])] = (side, sorted(kinds_seen | {kind}, reverse=True))
        if r["variant"] == "-":
            times[(m, r["data"])].append(float(r["fitSeconds"]) + float(r["scoreSeconds"]))
        if r["defects"] != "-":
            for kv in r["defects"].split(";"):
                k, v = kv.split("=")
                kinds[m][k].append(float(v))
    data = [d for d in DATA_ORDER if d in tasks] + sorted(d for d in tasks if d not in DATA_ORDER)
    out = []
    out.append("#### Mean ± std AUROC over each data set's one-class tasks, and across data sets (Table 1's form)\n")
    many = len(data) > 1  # an across-data-set column only where there is more than one data set
    out.append("| method | " + " | ".join(DATA_NAME.get(d, d) for d in data) + (" | across data sets |" if many else " |"))
    out.append("|---" * (len(data) + (2 if many else 1)) + "|")
    for m in order:
        cells = []
        means = []
        complete = True
        for d in data:
            v = [a for (dd, t), a in auroc[m].items() if dd == d]
            if not v:
                cells.append("-")
                complete = False
                continue
            n = len(v)
            full = n == len(tasks[d])
            complete &= full
            cells.append("%.2f ± %.2f%s" % (statistics.mean(v), pstd(v), "" if full else " (%d of %d tasks)" % (n, len(tasks[d]))))
            means.append(statistics.mean(v))
        across = "%.2f ± %.2f" % (statistics.mean(means), pstd(means)) if complete and means else "-"
        out.append("| %s | %s |" % (m, " | ".join(cells + ([across] if many else []))))
    # on the tasks UNODE ran: every method on exactly those tasks
    sub = [m for m in order if any(len([1 for (dd, t) in auroc[m] if dd == d]) < len(tasks[d]) for d in data
                                   if any(dd == d for (dd, t) in auroc[m]))]
    seen = []
    for s in sub:
        ran = set(auroc[s].keys())
        if ran in seen:  # a method's score variants ran on the same tasks: one table for them all
            continue
        seen.append(ran)
        out.append("\n#### On the tasks that %s ran on only: every method on those same tasks\n" % s)
        ds = [d for d in data if any(dd == d for (dd, t) in ran)]
        out.append("| method | " + " | ".join("%s: %s" % (d, ",".join(sorted({t for (dd, t) in ran if dd == d},
                                                                            key=lambda x: (len(x), x)))) for d in ds) + " |")
        out.append("|---" * (len(ds) + 1) + "|")
        for m in order:
            cells = []
            for d in ds:
                keys = [k for k in ran if k[0] == d]
                v = [auroc[m][k] for k in keys if k in auroc[m]]
                cells.append("%.2f ± %.2f" % (statistics.mean(v), pstd(v)) if len(v) == len(keys) else "-")
            if any(c != "-" for c in cells):
                out.append("| %s | %s |" % (m, " | ".join(cells)))
    for d in data:
        ts = sorted(tasks[d], key=lambda x: (len(x), x))
        out.append("\n#### %s, per task\n" % DATA_NAME.get(d, d))
        out.append("| method | " + " | ".join(ts) + " |")
        out.append("|---" * (len(ts) + 1) + "|")
        for m in order:
            if not any(dd == d for (dd, t) in auroc[m]):
                continue
            out.append("| %s | %s |" % (m, " | ".join("%.2f" % auroc[m][(d, t)] if (d, t) in auroc[m] else "-" for t in ts)))
    ks = sorted({k for m in kinds for k in kinds[m]})
    if ks:
        out.append("\n#### Textures: mean AUROC per defect type over the texture tasks (good test crops against that defect's)\n")
        out.append("| method | " + " | ".join(ks) + " |")
        out.append("|---" * (len(ks) + 1) + "|")
        for m in order:
            if m in kinds:
                out.append("| %s | %s |" % (m, " | ".join("%.2f" % statistics.mean(kinds[m][k]) if kinds[m][k] else "-" for k in ks)))
    out.append("\n#### Seconds per task (fit + clean score; median over the data set's tasks; the resolution it ran at;"
               " shared CPU, one thread)\n")
    out.append("| method | " + " | ".join(DATA_NAME.get(d, d) for d in data) + " |")
    out.append("|---" * (len(data) + 1) + "|")
    for m in order:
        if not any(times[(m, d)] for d in data):
            continue
        out.append("| %s | %s |" % (m, " | ".join("%.1f (%s px %s)" % (statistics.median(times[(m, d)]), res[(m, d)][0],
                                                                     "/".join(res[(m, d)][1]))
                                                  if times[(m, d)] else "-" for d in data)))
    if len(sys.argv) > 3:
        out += corrupted_tables(sys.argv[3], tasks)
    text = "\n".join(out) + "\n"
    if len(sys.argv) > 2 and sys.argv[2] != "-":
        doc = open(sys.argv[2]).read()
        if BEGIN not in doc or END not in doc:
            sys.exit("%s has no %s ... %s markers" % (sys.argv[2], BEGIN, END))
        head, rest = doc.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        open(sys.argv[2], "w").write(head + BEGIN + "\n" + text + END + tail)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
