"""False-flag rate of the flag rule on data with no disparity: `python -m bench.disparity_false_flags`.

Generates N independent synthetic forces (default 200; 10,000 people in 4 commands of 3 units,
four years of matters) where every ethnic group has exactly the same chances at every stage, runs
a full refresh on each (every unit, window, population, source and stage; the duration and adjusted
panels are skipped as they raise no flags) and counts the refreshes with any FLAG: each is false.
Target (issue 5): under 5% of refreshes. Also prints the share of refreshes with any raw p < 0.05
(what an unadjusted rule would have flagged).
"""

import argparse
import json
import math
import time
from datetime import date

from bench._setup import django_for_bench

CUTOFF = date(2026, 10, 31)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", type=int, default=200)
    parser.add_argument("--people", type=int, default=10_000)
    args = parser.parse_args()
    django_for_bench()
    from django.core.management import call_command

    from oversight.models import DisparityRefresh, DisparityResult
    from oversight.refresh import disparities_refresh
    from oversight.simulate import simulate

    call_command("migrate", verbosity=0)
    DisparityRefresh.objects.filter(status="running").update(status="failed")
    with_flag, with_raw, tests = 0, 0, []
    t0 = time.perf_counter()
    for i in range(args.datasets):
        seed = (i + 1) / (args.datasets + 2)
        simulate(people=args.people, commands=4, units_per_command=3, cutoff=CUTOFF, seed=seed)
        refresh = disparities_refresh(cutoff=CUTOFF, durations=False, adjusted=False)
        tests.append(refresh.tests)
        if refresh.flags:
            with_flag += 1
            flagged = DisparityResult.objects.filter(refresh=refresh, status="FLAG").first()
            print(
                f"  dataset {i}: {refresh.flags} false FLAG, e.g. {flagged.level} {flagged.stage} "
                f"{flagged.group} ratio {flagged.ratio:.2f} p_adj {flagged.p_adjusted:.4f}"
            )
        if DisparityResult.objects.filter(refresh=refresh, p_value__lt=0.05).exists():
            with_raw += 1
        if (i + 1) % 20 == 0:
            print(f"{i + 1} datasets, {with_flag} with a false FLAG, {time.perf_counter() - t0:.0f} s")
    share = with_flag / args.datasets
    # exact (Clopper-Pearson) upper 95% bound on the true rate, for honesty about 200 runs
    from scipy.stats import beta

    upper = 1.0 if with_flag == args.datasets else float(beta.ppf(0.975, with_flag + 1, args.datasets - with_flag))
    print(
        f"{args.datasets} refreshes with no true disparity ({sum(tests) / len(tests):,.0f} tests each on average): "
        f"{with_flag} with any FLAG = {share:.1%} (95% upper bound {upper:.1%}); "
        f"with any unadjusted p < 0.05: {with_raw / args.datasets:.0%}"
    )
    print(
        json.dumps(
            {
                "datasets": args.datasets,
                "people": args.people,
                "mean_tests": round(sum(tests) / len(tests)),
                "refreshes_with_false_flag": with_flag,
                "false_flag_share": round(share, 4),
                "upper_95": round(upper, 4) if not math.isnan(upper) else None,
                "share_with_raw_p_below_0_05": round(with_raw / args.datasets, 4),
                "target_share": 0.05,
                "seconds": round(time.perf_counter() - t0),
            }
        )
    )


if __name__ == "__main__":
    main()
