"""Demo vetting data: clearances at every stage and one completed screening run with hits to
review, created through the services (synthetic people only)."""

from __future__ import annotations

import json
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from vetting.clearance_services import clearance_apply, clearance_decide
from vetting.models import ClearanceLevel
from vetting.selectors import vetting_blocked_people
from vetting.services import request_csv_rows, response_attach, run_to_completion, screening_run_create
from workforce.models import Person

CATEGORIES = ["arrest", "charge", "witness", "crime_victim", "domestic_abuse", "intelligence", "stop_search"]


def demo_vetting_create(*, actor, seed: int = 2026, clearances: int = 120, today: date | None = None) -> dict:
    rng = random.Random(seed)
    today = today or timezone.localdate()
    # never a clearance the demo's vetting officer may not decide (themself, their chain, a conflict)
    blocked = vetting_blocked_people(user=actor)
    people = list(
        Person.objects.filter(is_leaver=False).exclude(id__in=blocked).order_by("staff_number")[: clearances * 3]
    )
    levels = {level.code: level for level in ClearanceLevel.objects.all()}
    made = 0
    for person in rng.sample(people, min(clearances, len(people))):
        level = levels.get("NPPV3" if person.person_type == "officer" else "NPPV2F") or next(iter(levels.values()))
        applied = today - timedelta(days=rng.randint(30, 5 * 365 - 10))
        clearance = clearance_apply(actor=actor, person=person, level=level, applied_on=applied)
        draw = rng.random()
        if draw < 0.85:
            clearance_decide(actor=actor, clearance=clearance, to_state="granted", rationale="Checks complete; no adverse information", decided_on=applied + timedelta(days=14))  # fmt: skip
        elif draw < 0.93:
            clearance_decide(actor=actor, clearance=clearance, to_state="refused", rationale="Undeclared associations with a nominal", decided_on=applied + timedelta(days=20))  # fmt: skip
        made += 1
    # one screening run answered by a synthetic PND response
    run = screening_run_create(actor=actor, trigger="command")
    rows = list(request_csv_rows(run))[1:]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo-pnd-response.jsonl"
        with path.open("w") as out:
            for n, (ref, surname, forenames, _, dob, gender, postcode) in enumerate(
                rng.sample(rows, min(400, len(rows)))
            ):
                records = [
                    {"record_id": f"PND-R-DEMO-{n}-{k}", "force_code": f"{rng.randint(1, 43):02d}", "category": rng.choice(CATEGORIES),
                     "offence_group": rng.choice(["violence_against_the_person", "drug_offences", "fraud", "public_order", ""]),
                     "date": (today - timedelta(days=rng.randint(10, 900))).isoformat(), "summary": "Synthetic demo record"}
                    for k in range(rng.randint(0, 2))
                ]  # fmt: skip
                name = forenames.split()[0] if rng.random() < 0.8 else forenames[0]
                out.write(json.dumps({"request_ref": ref, "pnd_person_id": f"PND-DEMO-{n}", "names": [{"surname": surname, "forenames": name, "type": "primary"}], "dates_of_birth": [dob], "gender": gender, "postcodes": [postcode], "records": records}) + "\n")  # fmt: skip
                out.write(json.dumps({"request_ref": ref, "pnd_person_id": f"PND-DEMO-D{n}", "names": [{"surname": surname, "forenames": "SAM", "type": "primary"}], "dates_of_birth": ["1951-02-03"], "records": [{"record_id": f"PND-R-DEMO-D{n}", "category": "conviction", "date": "2001-01-01"}]}) + "\n")  # fmt: skip
        run = run_to_completion(response_attach(run=run, source=path, filename=path.name))
    return {"clearances": made, "screening_lines": run.lines_total}
