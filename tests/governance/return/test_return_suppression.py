"""The published tables: counts 1-4 hidden, no row or column that gives a hidden count back from
its total, everything else exact."""

import pytest

from governance.home_office import headline_tables
from oversight.disclosure import DEFAULT_THRESHOLD

from .conftest import YEAR, csv_bytes

pytestmark = pytest.mark.django_db


def _lines(table):
    grid = [[*r["cells"], r["total"]] for r in table["rows"]]
    return grid + [list(column) for column in zip(*grid, strict=True)]


def _check(exact, published):
    hidden = 0
    for key in ("by_finding", "by_action"):
        for t_exact, t_pub in zip(exact[key], published[key], strict=True):
            for e_line, p_line in zip(_lines(t_exact), _lines(t_pub), strict=True):
                in_line = [e for e, p in zip(e_line, p_line, strict=True) if p is None]
                hidden += len(in_line)
                assert len(in_line) != 1, (t_pub["label"], e_line, p_line)
                for e, p in zip(e_line, p_line, strict=True):
                    if p is None:
                        continue
                    assert p == e and not 0 < p < DEFAULT_THRESHOLD
                    assert e == 0 or e >= DEFAULT_THRESHOLD
    return hidden


def test_small_counts_are_suppressed_for_publication(history_year):
    exact, published = headline_tables(YEAR, published=False), headline_tables(YEAR, published=True)
    assert _check(exact, published) > 0
    for e, p in zip(exact["median_days"], published["median_days"], strict=True):
        if 0 < e["n"] < DEFAULT_THRESHOLD:
            assert p["n"] is None and p["median"] is None
        else:
            assert p == e
    assert published["rows"] == exact["rows"] == 9


def test_large_counts_are_published_and_their_partners_hidden():
    from cases.history import history_import
    from tests.factories import PersonFactory

    white = [PersonFactory(gender="M", ethnicity_id="W1") for _ in range(12)]
    black = [PersonFactory(gender="M", ethnicity_id="B1") for _ in range(7)]
    rows = []
    for i, person in enumerate(white + black):
        proven = i % 4 != 0
        rows.append(
            {
                "case_ref": f"OLD/S{i}",
                "allegation_ref": "A1",
                "staff_number": person.staff_number,
                "source": "conduct_matter",
                "category": "other",
                "standards": "9",
                "received_date": "2025-04-02",
                "severity": "misconduct",
                "severity_date": "2025-04-03",
                "case_to_answer": "yes",
                "decision_date": "2025-06-01",
                "forum": "meeting",
                "finding": "proven" if proven else "not_proven",
                "outcome": "written_warning" if proven else "",
                "finalised_date": "2025-07-01",
            }  # fmt: skip
        )
    assert history_import(actor=None, data=csv_bytes(rows), filename="s.csv").errors == []
    exact, published = headline_tables(YEAR, published=False), headline_tables(YEAR, published=True)
    _check(exact, published)
    sex = published["by_finding"][1]
    male = next(r for r in sex["rows"] if r["key"] == "M")
    assert male["total"] == 19
    ethnicity = published["by_finding"][0]
    white_row = next(r for r in ethnicity["rows"] if r["key"] == "White")
    columns = [c["key"] for c in ethnicity["columns"]]
    black_row = next(r for r in ethnicity["rows"] if r["key"] == "Black")
    total_row = ethnicity["rows"][-1]
    # 3 and 2 not proven are hidden; 9 and 5 proven are their partners in each row; the totals stand
    assert [white_row["cells"][columns.index(c)] for c in ("misconduct", "not_proven")] == [None, None]
    assert [black_row["cells"][columns.index(c)] for c in ("misconduct", "not_proven")] == [None, None]
    assert (white_row["total"], black_row["total"]) == (12, 7)
    assert [total_row["cells"][columns.index(c)] for c in ("misconduct", "not_proven")] == [14, 5]
    assert published["median_days"][1] == {
        "case_type": "conduct_matter", "label": "Conduct matter", "n": 19, "median": 90.0,
    }  # fmt: skip
