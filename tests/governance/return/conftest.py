"""A year of history (financial year 2025: 1 April 2025 to 31 March 2026) written as the previous
system's extract and imported through cases.history, and the return's answers computed here from
the very rows written (shared/formats/home-office-return.md), never hard-coded."""

import statistics
from collections import defaultdict
from datetime import date

import pytest

from cases.history import HEADER, history_import
from cases.models import CaseSubject
from governance.home_office import subject_ref
from tests.factories import PersonFactory, UserFactory

YEAR = 2025
START, END = date(2025, 4, 1), date(2026, 3, 31)

SEVERITY = ["no_further_action", "practice_requiring_improvement", "misconduct", "gross_misconduct"]
FORUM = ["none", "meeting", "hearing", "accelerated_hearing"]
FINDING = ["not_applicable", "not_proven", "misconduct", "gross_misconduct"]
ACTION = [
    "none", "no_action", "rprp", "management_advice", "written_warning", "final_written_warning",
    "reduction_in_rank", "dismissal_without_notice",
]  # fmt: skip
GROUPS = {"W1": "White", "B1": "Black", "A1": "Asian", "M1": "Mixed", None: "Not stated"}


def age_band(dob, on):
    age = on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    bands = [(25, "under_26"), (35, "26_35"), (45, "36_45"), (55, "46_55")]
    return next((band for top, band in bands if age <= top), "56_over")


def csv_bytes(rows):
    lines = [",".join(HEADER)] + [",".join(r.get(h, "") for h in HEADER) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def people():
    return {
        "o1": PersonFactory(person_type="officer", gender="M", date_of_birth=date(1990, 6, 1), ethnicity_id="W1", rank_or_grade="PS"),
        "o2": PersonFactory(person_type="officer", gender="F", date_of_birth=date(1960, 1, 1), ethnicity_id="B1", rank_or_grade="INSP"),
        "sp": PersonFactory(person_type="special", gender="X", date_of_birth=date(2002, 1, 1), ethnicity_id=None, rank_or_grade="SC"),
        "o3": PersonFactory(person_type="officer", gender="", date_of_birth=date(1985, 3, 1), ethnicity_id="A1", rank_or_grade="PC"),
        "o6": PersonFactory(person_type="officer", gender="M", date_of_birth=date(1975, 9, 30), ethnicity_id="M1", rank_or_grade="DC"),
        "st": PersonFactory(person_type="staff", gender="F", ethnicity_id="W1", rank_or_grade="SO1"),
        "o4": PersonFactory(person_type="officer", gender="M", ethnicity_id="W1"),
        "o5": PersonFactory(person_type="officer", gender="F", ethnicity_id="W1"),
        "o7": PersonFactory(person_type="officer", gender="F", date_of_birth=date(1995, 2, 1), ethnicity_id="B1", rank_or_grade="PC"),
    }  # fmt: skip


def history_rows(p):
    def r(who, case_ref, allegation_ref, **kw):
        base = {"case_ref": case_ref, "allegation_ref": allegation_ref, "staff_number": p[who].staff_number,
                "source": "conduct_matter", "category": "other", "standards": "9", "received_date": "2024-06-01"}  # fmt: skip
        base.update(kw)
        return base

    hearing_gm = {"severity": "gross_misconduct", "severity_date": "2024-07-01", "case_to_answer": "yes",
                  "decision_date": "2025-01-10", "forum": "hearing", "finding": "proven",
                  "outcome": "dismissal_without_notice", "finalised_date": "2025-04-01"}  # fmt: skip
    return [
        # a public complaint referred to the IOPC: still a complaint; two subjects finalised apart
        r("o1", "OLD/1", "A1", source="public_complaint", category="discreditable_conduct", standards="9;10",
          iopc_referred="y", **hearing_gm),
        r("o1", "OLD/1", "A2", source="public_complaint", category="dishonesty", standards="2;9",
          iopc_referred="n", **hearing_gm),
        r("sp", "OLD/1", "A3", source="public_complaint", category="neglect_of_duty", standards="4",
          severity="misconduct", severity_date="2024-07-01", case_to_answer="no", decision_date="2025-05-10",
          finalised_date="2025-05-10"),
        # a conduct matter referred to the IOPC (one row of two says y): an accelerated hearing
        *[r("o2", "OLD/2", ref, category=cat, standards=std, received_date="2024-09-01", iopc_referred=iopc,
            severity="gross_misconduct", severity_date="2024-09-05", case_to_answer="yes",
            decision_date="2025-09-20", forum="accelerated_hearing", finding="proven",
            outcome="dismissal_without_notice", finalised_date="2025-10-01")
          for ref, cat, std, iopc in (("A1", "sexual_misconduct", "9", "n"), ("A2", "abuse_of_position", "1;9;3", "y"))],
        # a meeting: not proven, on the last day of the year; IOPC n
        r("o3", "OLD/3", "A1", category="data_misuse", standards="6;9", received_date="2025-01-10", iopc_referred="n",
          severity="misconduct", severity_date="2025-01-20", case_to_answer="yes", decision_date="2026-02-01",
          forum="meeting", finding="not_proven", finalised_date="2026-03-31"),
        # practice requiring improvement at assessment: RPRP completed
        r("o1", "OLD/4", "A1", category="neglect_of_duty", standards="4", received_date="2025-05-01",
          severity="practice_requiring_improvement", severity_date="2025-05-05", finalised_date="2025-08-01"),
        # a meeting, misconduct proven, referred to reflective practice
        r("o2", "OLD/5", "A1", category="discreditable_conduct", standards="9", received_date="2025-02-01",
          severity="misconduct", severity_date="2025-02-10", case_to_answer="yes", decision_date="2025-11-01",
          forum="meeting", finding="proven", outcome="rprp", finalised_date="2025-12-01"),
        # no further action at assessment
        r("sp", "OLD/6", "A1", category="other", standards="1", received_date="2025-05-01",
          severity="no_further_action", severity_date="2025-06-01", finalised_date="2025-06-01"),
        # a hearing, misconduct proven, final written warning (appealed to the tribunal below)
        *[r("o6", "OLD/11", ref, category=cat, standards=std, received_date="2025-04-15",
            severity="misconduct", severity_date="2025-04-20", case_to_answer="yes", decision_date="2025-10-01",
            forum="hearing", finding="proven", outcome="final_written_warning", finalised_date="2025-11-20")
          for ref, cat, std in (("A1", "violence", "4;5"), ("A2", "violence", "5"), ("A3", "discrimination", "2"))],
        # one subject, allegations decided apart: the most serious first in the file, then a lesser one
        # with no case to answer finalised earlier; the subject's row rolls both up, whatever the order
        r("o7", "OLD/12", "A1", category="sexual_misconduct", standards="1;9", received_date="2025-03-01",
          severity="gross_misconduct", severity_date="2025-03-10", case_to_answer="yes", decision_date="2025-09-01",
          forum="hearing", finding="proven", outcome="final_written_warning", finalised_date="2025-12-02"),
        r("o7", "OLD/12", "A2", category="neglect_of_duty", standards="4", received_date="2025-03-01",
          severity="misconduct", severity_date="2025-03-20", case_to_answer="no", decision_date="2025-06-01",
          finalised_date="2025-07-01"),
        # out: police staff; finalised the day before and the day after the year; still open
        r("st", "OLD/7", "A1", severity="misconduct", severity_date="2024-07-01", case_to_answer="no",
          decision_date="2025-07-01", finalised_date="2025-07-01"),
        r("o4", "OLD/8", "A1", received_date="2024-05-01", severity="no_further_action",
          severity_date="2025-03-31", finalised_date="2025-03-31"),
        r("o4", "OLD/9", "A1", received_date="2025-05-01", severity="no_further_action",
          severity_date="2026-04-01", finalised_date="2026-04-01"),
        r("o5", "OLD/10", "A1", received_date="2025-05-01", severity="misconduct", severity_date="2025-05-02"),
    ]  # fmt: skip


def _max(order, values):
    return max(values, key=order.index)


def expected_rows(rows, p, extra=None):
    """The return computed from the extract's rows as the format defines each column.
    extra: {(case_ref, who): {"tribunal_appeal": ..., "suspended": ...}} recorded outside the extract."""
    extra = extra or {}
    by_person = {person.staff_number: (who, person) for who, person in p.items()}
    iopc = defaultdict(bool)
    for r in rows:
        iopc[r["case_ref"]] |= r.get("iopc_referred") == "y"
    subjects = defaultdict(list)
    for r in rows:
        subjects[(r["case_ref"], r["staff_number"])].append(r)
    out = {}
    for (case_ref, staff_number), rs in subjects.items():
        who, person = by_person[staff_number]
        if person.person_type not in ("officer", "special") or any(not r.get("finalised_date") for r in rs):
            continue
        finalised = max(date.fromisoformat(r["finalised_date"]) for r in rs)
        if not START <= finalised <= END:
            continue
        received = min(date.fromisoformat(r["received_date"]) for r in rs)
        decided = [r["case_to_answer"] for r in rs if r.get("case_to_answer")]
        held = [r for r in rs if r.get("forum") and r.get("finding")]
        findings = [
            "not_proven" if r["finding"] == "not_proven" else
            ("gross_misconduct" if r["severity"] == "gross_misconduct" else "misconduct") for r in held
        ]  # fmt: skip
        actions = [r.get("outcome") or "no_action" for r in held]
        if any(r.get("outcome") == "rprp" or r.get("severity") == "practice_requiring_improvement" for r in rs):
            actions.append("rprp")
        source = rs[0]["source"]
        row = {
            "case_type": "complaint"
            if source == "public_complaint"
            else ("recordable_conduct_matter" if iopc[case_ref] else "conduct_matter"),
            "person_type": person.person_type,
            "rank": person.rank_or_grade,
            "sex": person.gender or "not_recorded",
            "age_band": age_band(person.date_of_birth, finalised),
            "ethnicity_group": GROUPS[person.ethnicity_id],
            "allegation_categories": ";".join(sorted({r["category"] for r in rs})),
            "breach_standards": ";".join(
                str(n) for n in sorted({int(s) for r in rs for s in r["standards"].split(";")})
            ),
            "severity": _max(SEVERITY, [r["severity"] for r in rs if r.get("severity")] or ["no_further_action"]),
            "case_to_answer": "yes" if "yes" in decided else ("no" if decided else "not_applicable"),
            "proceeding_type": _max(FORUM, ["none"] + [r["forum"] for r in held]),
            "finding": _max(FINDING, ["not_applicable"] + findings),
            "disciplinary_action": _max(ACTION, ["none"] + actions),
            "tribunal_appeal": "none",
            "suspended": "n",
            "received_date": received.isoformat(),
            "finalised_date": finalised.isoformat(),
            "days_to_finalise": (finalised - received).days,
        }
        row.update(extra.get((case_ref, who), {}))
        subject = CaseSubject.objects.get(case__reference=case_ref, person=person)
        out[subject_ref(subject.public_id)] = {"subject_ref": subject_ref(subject.public_id), **row}
    return out


def tally(rows, dimension, measure):
    counts = defaultdict(int)
    for r in rows:
        counts[(r[dimension], r[measure])] += 1
    return counts


def medians(rows):
    days = defaultdict(list)
    for r in rows:
        days[r["case_type"]].append(r["days_to_finalise"])
    return {k: (len(v), float(statistics.median(v))) for k, v in days.items()}


@pytest.fixture
def history_year(db):
    """The extract imported, a tribunal appeal and suspensions recorded here; the expected rows."""
    from cases.models import SuspensionDecision
    from hearings.models import Appeal

    p = people()
    rows = history_rows(p)
    result = history_import(actor=None, data=csv_bytes(rows), filename="previous-system.csv")
    assert result.errors == [] and result.rows_read == len(rows)
    # the officer's rank changed after the matters ended: the return shows the rank at the time
    p["o1"].rank_or_grade = "INSP"
    p["o1"].save()
    o6 = CaseSubject.objects.get(case__reference="OLD/11")
    Appeal.objects.create(subject=o6, body="pat", lodged_on=date(2025, 12, 1), grounds="Sanction unfair")
    o2 = CaseSubject.objects.get(case__reference="OLD/2")
    Appeal.objects.create(subject=o2, body="internal", lodged_on=date(2025, 10, 2), grounds="x")
    Appeal.objects.create(
        subject=o2,
        body="pat",
        lodged_on=date(2025, 10, 20),
        grounds="x",
        result="dismissed",
        decided_on=date(2026, 2, 1),
    )
    CaseSubject.objects.filter(pk=o2.pk).update(suspended=True)
    sp = CaseSubject.objects.get(case__reference="OLD/1", person=p["sp"])
    SuspensionDecision.objects.create(
        subject=sp, outcome="suspend", reasons="r", decided_on=date(2024, 8, 1), decided_by=UserFactory(),
        ended_on=date(2024, 9, 1),
    )  # fmt: skip
    p["o1"].rank_or_grade = "PS"  # as it was at the time: what the test expects
    extra = {
        ("OLD/11", "o6"): {"tribunal_appeal": "pending"},
        ("OLD/2", "o2"): {"tribunal_appeal": "dismissed", "suspended": "y"},
        ("OLD/1", "sp"): {"suspended": "y"},
    }
    return {"people": p, "rows": rows, "expected": expected_rows(rows, p, extra)}
