"""Turns the samples of ./benchmarks/run into the comparison table and results.json.

Input: a TSV of (metric, unit, better, system, value) rows, one per measurement.
Output: a table on stdout (median, min and max of each side, ratio stack/kernel of the medians)
and a JSON document with the same figures and every raw sample.
"""
import argparse
import datetime
import json
import os
import platform
import statistics


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("samples")
    parser.add_argument("output")
    parser.add_argument("--reps", type=int, required=True)
    parser.add_argument("--seconds", type=int, required=True)
    parser.add_argument("--commit", default="unknown")
    args = parser.parse_args()

    metrics = {}  # metric -> {"unit", "better", "samples": {system: [values]}}
    with open(args.samples) as rows:
        for row in rows:
            metric, unit, better, system, value = row.rstrip("\n").split("\t")
            entry = metrics.setdefault(metric, {"unit": unit, "better": better, "samples": {}})
            entry["samples"].setdefault(system, []).append(float(value))

    figures = []
    for metric, entry in metrics.items():
        figure = {"metric": metric, "unit": entry["unit"], "better": entry["better"]}
        for system in ("stack", "kernel"):
            values = entry["samples"].get(system, [])
            figure[system] = {
                "median": statistics.median(values) if values else None,
                "min": min(values) if values else None,
                "max": max(values) if values else None,
                "samples": values,
            }
        stack, kernel = figure["stack"]["median"], figure["kernel"]["median"]
        figure["ratio"] = stack / kernel if stack is not None and kernel else None
        figures.append(figure)

    document = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": args.commit,
        "machine": {"kernel": platform.release(), "cpus": os.cpu_count()},
        "repetitions": args.reps,
        "seconds_per_transfer": args.seconds,
        "figures": figures,
    }
    with open(args.output, "w") as out:
        json.dump(document, out, indent=2)

    def number(v):
        return f"{v:.4g}" if abs(v) < 10000 else f"{v:.0f}"

    def cell(side):
        if side["median"] is None:
            return "n/a"
        return f"{number(side['median'])} ({number(side['min'])}..{number(side['max'])})"

    header = ("metric", "unit", "stack median (min..max)", "kernel median (min..max)", "stack/kernel")
    rows = [header]
    for f in figures:
        ratio = "n/a" if f["ratio"] is None else f"{f['ratio']:.3f} ({f['better']} is better)"
        rows.append((f["metric"], f["unit"], cell(f["stack"]), cell(f["kernel"]), ratio))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for i, r in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print(f"\n{args.reps} repetition(s), {args.seconds} s per transfer; JSON: {args.output}")


if __name__ == "__main__":
    main()
