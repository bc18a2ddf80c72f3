"""Identity resolution quality and speed: `python -m bench.screening_matching [--employees 20000]`.

No database: synthetic employees and PND candidates with ground truth are resolved with
vetting.matching.resolve, from two generators: vetting/synthetic.py (the one the matcher was built
on) and vetting/synthetic_independent.py (written separately, from a description of how HR and
police records of one person differ), for each seed asked (`--seeds 1,2,3`). Targets: recall of true pairs into match-or-possible
>= 99.5%; precision of automatic matches >= 99%. Prints the misses by variation label (for the
matcher), false automatic matches and decoys sent to review by decoy kind, then the shared samples,
then one line of JSON with the figures of both generators.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "samples"

RECALL_TARGET = 0.995
PRECISION_TARGET = 0.99


def _pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _describe(employee, candidate, result) -> str:
    names = "; ".join(f"{n.type}: {n.surname}, {n.forenames}" for n in candidate.names)
    dobs = ",".join(d.isoformat() for d in candidate.dates_of_birth) or "-"
    return (
        f"    employee {employee.surname}, {employee.forenames} prev={';'.join(employee.previous_surnames) or '-'} "
        f"dob={employee.date_of_birth} {employee.gender} {employee.postcode}\n"
        f"    candidate [{names}] dob={dobs} {candidate.gender or '-'} {','.join(candidate.postcodes) or '-'}\n"
        f"    -> {result.decision} {result.score} {result.reasons}"
    )


GENERATORS = {"synthetic": "vetting.synthetic", "independent": "vetting.synthetic_independent"}


def synthetic(args, generator: str = "synthetic") -> dict:
    import importlib

    from vetting.matching import resolve

    generate = importlib.import_module(GENERATORS[generator]).generate
    t0 = time.perf_counter()
    generated = generate(args.employees, seed=args.seed, decoys_per_employee=args.decoys, true_share=args.true_share)
    employees, candidates, truth = generated
    gen_s = time.perf_counter() - t0
    by_ref = {e.ref: e for e in employees}

    t0 = time.perf_counter()
    results = [resolve(by_ref[c.request_ref], c) for c in candidates]
    resolve_s = time.perf_counter() - t0

    table: Counter = Counter()
    label_total: Counter = Counter()
    label_missed: Counter = Counter()
    label_auto: Counter = Counter()
    combos_missed: Counter = Counter()
    kind_total: Counter = Counter()
    kind_decision: Counter = Counter()
    missed_examples, false_match_examples = [], []
    for c, r in zip(candidates, results, strict=True):
        key = (c.request_ref, c.pnd_person_id)
        is_true = key in truth
        table[(is_true, r.decision)] += 1
        if is_true:
            labels = generated.variations.get(key) or ["none"]
            for label in labels:
                label_total[label] += 1
                if r.decision == "reject":
                    label_missed[label] += 1
                elif r.decision == "match":
                    label_auto[label] += 1
            if r.decision == "reject":
                combos_missed["+".join(labels)] += 1
                missed_examples.append((by_ref[c.request_ref], c, r, labels))
        else:
            kind = generated.decoy_kinds.get(key, "?")
            kind_total[kind] += 1
            kind_decision[(kind, r.decision)] += 1
            if r.decision == "match":
                false_match_examples.append((by_ref[c.request_ref], c, r, kind))

    n_true = len(truth)
    n_decoy = len(candidates) - n_true
    found = table[(True, "match")] + table[(True, "possible")]
    auto = table[(True, "match")] + table[(False, "match")]
    recall = found / n_true if n_true else 1.0
    precision = table[(True, "match")] / auto if auto else 1.0

    print(
        f"\n=== generator {generator} ({GENERATORS[generator]}) ===\n"
        f"synthetic: {len(employees)} employees (seed {args.seed}), {len(candidates)} candidates "
        f"({n_true} true, {n_decoy} decoys), generated in {gen_s:.1f} s"
    )
    print(f"{'':10}{'match':>9}{'possible':>10}{'reject':>9}")
    for is_true, name in ((True, "true"), (False, "decoy")):
        row = "".join(f"{table[(is_true, d)]:>{w}}" for d, w in (("match", 9), ("possible", 10), ("reject", 9)))
        print(f"{name:10}{row}")
    print(
        f"recall (true into match or possible): {100 * recall:.2f}%  "
        f"(target {100 * RECALL_TARGET:.1f}%, {'MET' if recall >= RECALL_TARGET else 'NOT MET'}; "
        f"{n_true - found} missed)"
    )
    print(
        f"precision of automatic matches:       {100 * precision:.2f}%  "
        f"(target {100 * PRECISION_TARGET:.0f}%, {'MET' if precision >= PRECISION_TARGET else 'NOT MET'}; "
        f"{table[(False, 'match')]} decoys matched)"
    )
    print(f"true pairs matched automatically:     {_pct(table[(True, 'match')], n_true):.1f}%")
    print(
        f"human review load:                    {table[(False, 'possible')]} decoys to possible "
        f"({_pct(table[(False, 'possible')], n_decoy):.1f}% of decoys), "
        f"{table[(True, 'possible')]} true pairs to possible"
    )
    print(f"throughput:                           {len(candidates) / resolve_s:,.0f} candidates/s ({resolve_s:.2f} s)")

    print("\nmisses by variation (true pairs rejected; a pair counts under each of its labels):")
    print(f"  {'variation':32}{'total':>7}{'missed':>8}{'miss %':>8}{'auto %':>8}")
    for label in sorted(label_total, key=lambda k: (-label_missed[k], -label_total[k], k)):
        print(
            f"  {label:32}{label_total[label]:>7}{label_missed[label]:>8}"
            f"{_pct(label_missed[label], label_total[label]):>8.1f}{_pct(label_auto[label], label_total[label]):>8.1f}"
        )
    if combos_missed:
        print("\nmissed combinations:")
        for combo, count in combos_missed.most_common(args.combos):
            print(f"  {count:>5}  {combo}")
    print("\ndecoys by kind:")
    print(f"  {'kind':30}{'total':>7}{'match':>7}{'possible':>10}{'reject':>8}")
    for kind in sorted(kind_total, key=lambda k: -kind_total[k]):
        print(
            f"  {kind:30}{kind_total[kind]:>7}{kind_decision[(kind, 'match')]:>7}"
            f"{kind_decision[(kind, 'possible')]:>10}{kind_decision[(kind, 'reject')]:>8}"
        )
    if args.examples:
        for title, examples in (("missed true pairs", missed_examples), ("decoys matched", false_match_examples)):
            if examples:
                print(f"\nexamples of {title}:")
                for employee, candidate, result, tag in examples[: args.examples]:
                    print(f"  [{'+'.join(tag) if isinstance(tag, list) else tag}]")
                    print(_describe(employee, candidate, result))

    return {
        "employees": len(employees),
        "candidates": len(candidates),
        "true_pairs": n_true,
        "decoys": n_decoy,
        "true_match": table[(True, "match")],
        "true_possible": table[(True, "possible")],
        "true_reject": table[(True, "reject")],
        "decoy_match": table[(False, "match")],
        "decoy_possible": table[(False, "possible")],
        "decoy_reject": table[(False, "reject")],
        "recall_match_or_possible": round(recall, 5),
        "precision_auto_match": round(precision, 5),
        "auto_match_share_of_true": round(table[(True, "match")] / n_true if n_true else 0.0, 5),
        "decoys_to_review": table[(False, "possible")],
        "candidates_per_second": round(len(candidates) / resolve_s),
        "recall_target_met": recall >= RECALL_TARGET,
        "precision_target_met": precision >= PRECISION_TARGET,
        "misses_by_variation": {k: label_missed[k] for k in sorted(label_missed, key=lambda k: -label_missed[k])},
        "decoy_matches_by_kind": {
            k: kind_decision[(k, "match")] for k in sorted(kind_total) if kind_decision[(k, "match")]
        },
    }


def samples() -> dict:
    from vetting.matching import Employee, candidate_from_json, resolve

    if not SAMPLES.exists():
        print(f"\nshared samples: {SAMPLES} not found, skipped")
        return {}
    employees = {}
    with (SAMPLES / "pnd-request-sample.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            employees[r["request_ref"]] = Employee(
                r["request_ref"],
                r["surname"],
                r["forenames"],
                [p for p in r["previous_surnames"].split(";") if p],
                date.fromisoformat(r["date_of_birth"]) if r["date_of_birth"] else None,
                r["gender"],
                r["postcode"],
            )
    with (SAMPLES / "pnd-truth-sample.csv").open(encoding="utf-8") as handle:
        truth = {(r["request_ref"], r["pnd_person_id"]): r["is_employee"] == "1" for r in csv.DictReader(handle)}
    decisions: Counter = Counter()
    problems = []
    with (SAMPLES / "pnd-response-sample.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            candidate = candidate_from_json(json.loads(line))
            result = resolve(employees[candidate.request_ref], candidate)
            is_true = truth[(candidate.request_ref, candidate.pnd_person_id)]
            decisions[(is_true, result.decision)] += 1
            if (is_true and result.decision == "reject") or (not is_true and result.decision == "match"):
                problems.append(_describe(employees[candidate.request_ref], candidate, result))
    all_found = decisions[(True, "reject")] == 0
    no_decoy_matched = decisions[(False, "match")] == 0
    print(
        f"\nshared samples: {sum(decisions.values())} candidates; true: match {decisions[(True, 'match')]}, "
        f"possible {decisions[(True, 'possible')]}, reject {decisions[(True, 'reject')]}; decoys: match "
        f"{decisions[(False, 'match')]}, possible {decisions[(False, 'possible')]}, reject {decisions[(False, 'reject')]}"
    )
    print(f"  every true match is match or possible: {all_found}; no decoy is match: {no_decoy_matched}")
    for p in problems:
        print(p)
    return {"samples_all_true_found": all_found, "samples_no_decoy_matched": no_decoy_matched}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", default="", help="several seeds, comma separated (instead of --seed)")
    parser.add_argument("--generator", choices=["both", *GENERATORS], default="both")
    parser.add_argument("--decoys", type=float, default=0.6, help="decoys per employee (mean)")
    parser.add_argument("--true-share", type=float, default=0.5)
    parser.add_argument("--examples", type=int, default=5, help="examples of misses and false matches to print")
    parser.add_argument("--combos", type=int, default=15, help="missed variation combinations to print")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()] or [args.seed]
    generators = list(GENERATORS) if args.generator == "both" else [args.generator]
    figures = {"benchmark": "screening_matching", "seeds": seeds, "generators": {}}
    for generator in generators:
        runs = {}
        for seed in seeds:
            args.seed = seed
            runs[seed] = synthetic(args, generator)
        figures["generators"][generator] = {
            "min_recall_match_or_possible": min(r["recall_match_or_possible"] for r in runs.values()),
            "min_precision_auto_match": min(r["precision_auto_match"] for r in runs.values()),
            "by_seed": runs,
        }
    print("\nsummary (recall into match or possible; precision of automatic matches):")
    for generator, result in figures["generators"].items():
        for seed, r in result["by_seed"].items():
            print(
                f"  {generator:12} seed {seed:<4} recall {100 * r['recall_match_or_possible']:6.2f}%  "
                f"({r['true_reject']} of {r['true_pairs']} missed)  precision {100 * r['precision_auto_match']:6.2f}%  "
                f"({r['decoy_match']} decoys matched)  decoys to review {r['decoys_to_review']}"
            )
    figures["recall_target_met"] = all(
        g["min_recall_match_or_possible"] >= RECALL_TARGET for g in figures["generators"].values()
    )
    figures["precision_target_met"] = all(
        g["min_precision_auto_match"] >= PRECISION_TARGET for g in figures["generators"].values()
    )
    figures.update(samples())
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
