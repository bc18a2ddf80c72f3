"""Every source appears on a person's integrity history, through its own selector; what a viewer
may not see is neither shown nor counted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from cases.models import CaseAccessGrant
from counter_corruption.history import integrity_history
from counter_corruption.models import IntelGrant
from tests.counter_corruption.history.conftest import add_role, allegation, intel_log
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _references(history):
    return {entry.reference for entry in history.entries}


def test_a_unit_member_sees_every_source_on_one_timeline(world):
    history = integrity_history(user=world["cc"], person=world["person"])
    kinds = {k.kind: k.count for k in history.kinds}
    assert kinds == {
        "allegation": 2,  # native and imported; restricted and conflicted are hidden
        "intervention_flag": 1,
        "screening_hit": 1,
        "vetting_decision": 1,
        "report": 1,
        "intelligence": 1,  # the named-people-only log is not theirs
        "link_alert": 1,
    }
    assert history.total == sum(kinds.values()) == len(history.entries)
    assert {"PSD-2025-00001", "LEG-2020-0007", "PND-R-1", "RPT-HIST-0001", "INT-2025-00001"} <= _references(history)
    by_reference = {entry.reference: entry for entry in history.entries}
    assert by_reference["LEG-2020-0007"].imported and not by_reference["PSD-2025-00001"].imported
    # a unit member reads the log in full; the reporter's own words never reach the history
    assert by_reference["INT-2025-00001"].detail == "ORIGINAL INT-2025-00001"
    assert all("REPORTER WORDS" not in entry.detail for entry in history.entries)
    # newest first, dated as they happened
    dates = [entry.happened_on for entry in history.entries]
    assert dates == sorted(dates, reverse=True)
    # the unit has no flag or vetting pages: those entries carry no link; cases and reports do
    assert by_reference["PND-R-1"].url == ""
    assert by_reference["PSD-2025-00001"].url == f"/cases/{world['native'].case.reference}/"


def test_restricted_and_conflicted_matters_are_neither_shown_nor_counted(world):
    cc = world["cc"]
    history = integrity_history(user=cc, person=world["person"])
    hidden = {"PSD-2025-00002", "PSD-2025-00003", "INT-2025-00002"}
    assert not hidden & _references(history)
    assert {k.kind: k.count for k in history.kinds}["allegation"] == 2
    # named on the restricted matter and on the log: both now appear, and are counted
    CaseAccessGrant.objects.create(case=world["restricted"].case, user=cc, reason="Operation lead")
    IntelGrant.objects.create(log=world["named_only"], user=cc, reason="Named")
    history = integrity_history(user=cc, person=world["person"])
    assert {"PSD-2025-00002", "INT-2025-00002"} <= _references(history)
    assert "PSD-2025-00003" not in _references(history)  # the declared conflict stays hidden
    counts = {k.kind: k.count for k in history.kinds}
    assert counts["allegation"] == 3 and counts["intelligence"] == 2


def test_an_appropriate_authority_sees_sanitised_intelligence_flags_and_performance_but_not_vetting(world):
    history = integrity_history(user=world["aa"], person=world["person"])
    kinds = {k.kind: k.count for k in history.kinds}
    assert kinds["performance"] == 1 and kinds["intervention_flag"] == 1 and kinds["allegation"] == 2
    assert "screening_hit" not in kinds and "link_alert" not in kinds and "report" not in kinds
    log_entry = next(entry for entry in history.entries if entry.kind == "intelligence")
    assert log_entry.detail == "SANITISED INT-2025-00001" and log_entry.url == ""
    flag_entry = next(entry for entry in history.entries if entry.kind == "intervention_flag")
    assert flag_entry.url == f"/queues/flags/{world['flag'].public_id}/"


def test_a_vetting_officer_sees_hits_and_decisions_with_links_and_no_conduct_matters(world, user_with_role):
    officer = user_with_role(Role.VETTING_OFFICER)
    history = integrity_history(user=officer, person=world["person"])
    kinds = {k.kind: k.count for k in history.kinds}
    assert kinds.get("screening_hit") == 1 and kinds.get("vetting_decision") == 1 and "allegation" not in kinds
    hit_entry = next(entry for entry in history.entries if entry.kind == "screening_hit")
    assert hit_entry.url == f"/vetting/screening/hits/{world['hit'].public_id}/"


def test_a_vetting_officer_who_is_also_in_the_unit_still_never_sees_a_conflicted_person(world):
    manager = PersonFactory()
    world["person"].line_manager = manager
    world["person"].save()
    world["cc"].person = manager  # the viewer manages the person: none of the person's records are theirs
    world["cc"].save()
    add_role(world["cc"], Role.VETTING_OFFICER)
    history = integrity_history(user=world["cc"], person=world["person"])
    # the page refuses them outright (test_access); the sources hide what their rules hide
    assert "vetting_withdrawal" not in {k.kind for k in history.kinds}


def test_themes_come_from_the_records_and_the_category_table(world):
    history = integrity_history(user=world["cc"], person=world["person"])
    by_reference = {entry.reference: entry for entry in history.entries}
    assert by_reference["PSD-2025-00001"].themes == ("misuse_systems",)  # data misuse allegation
    assert by_reference["LEG-2020-0007"].themes == ("theft_fraud",)  # dishonesty
    assert by_reference["PND-R-1"].themes == ("inappropriate_association",)  # associate of a nominal
    assert by_reference["INT-2025-00001"].themes == ("drugs",)  # the log's own theme
    totals = {row["code"]: row["total"] for row in history.themes}
    assert totals == {"misuse_systems": 1, "theft_fraud": 1, "inappropriate_association": 1, "drugs": 1}
    assert history.years == list(range(2019, history.years[-1] + 1))


def test_the_kind_filter_narrows_the_timeline_not_the_summary(world):
    history = integrity_history(user=world["cc"], person=world["person"], kinds=["allegation", "nonsense"])
    assert {entry.kind for entry in history.entries} == {"allegation"}
    assert history.total == 8 and [k.kind for k in history.kinds if k.selected] == ["allegation"]


def test_the_number_of_queries_does_not_grow_with_the_number_of_records(world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            integrity_history(user=world["cc"], person=world["person"])
        return len(queries)

    count()  # the first call warms caches (roles, content types)
    before = count()
    for i in range(12):
        allegation(world["person"], reference=f"LEG-2019-{i:04d}", from_history_import=True)
        intel_log(world["person"], reference=f"INT-2024-{i:05d}", themes=("drugs", "apsp"))
    assert count() == before
