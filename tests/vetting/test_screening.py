"""Screening runs end to end on the shared samples, in the real database."""

import csv
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import quick_sign_in
from tests.factories import UserFactory
from vetting.models import HitStatus, RunStatus, ScreeningCandidate, ScreeningHit, ScreeningRequestRow, ScreeningRun
from vetting.services import chunk_resolve, response_attach, run_to_completion
from workforce.models import Person
from workforce.services import workforce_import

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
pytestmark = pytest.mark.django_db


def _sample_run(tmp_path, response_lines=None):
    """The workforce sample imported, and a run whose request refs are the sample request's."""
    workforce_import(actor=None, data=(SAMPLES / "workforce-sample.csv").read_bytes(), filename="w.csv")
    run = ScreeningRun.objects.create(thresholds={"match": 85, "possible": 55})
    people = {(p.surname.upper(), p.date_of_birth.isoformat()): p for p in Person.objects.all()}
    with (SAMPLES / "pnd-request-sample.csv").open() as handle:
        for row in csv.DictReader(handle):
            person = people[(row["surname"].upper(), row["date_of_birth"])]
            ScreeningRequestRow.objects.create(run=run, request_ref=row["request_ref"], person=person)
    run.people = run.request_rows.count()
    run.save()
    path = tmp_path / "response.jsonl"
    lines = (
        response_lines
        if response_lines is not None
        else (SAMPLES / "pnd-response-sample.jsonl").read_text().splitlines()
    )
    path.write_text("\n".join(lines) + "\n")
    return run, path


def _truth():
    with (SAMPLES / "pnd-truth-sample.csv").open() as handle:
        return {(r["request_ref"], r["pnd_person_id"]): r["is_employee"] == "1" for r in csv.DictReader(handle)}


def test_the_sample_response_resolves_every_true_match_and_no_decoy(tmp_path, settings):
    settings.SCREENING_DIR = str(tmp_path / "store")
    vetting = UserFactory(role="vetting_officer")
    run, path = _sample_run(tmp_path)
    run = run_to_completion(response_attach(run=run, source=path, filename="response.jsonl"))
    assert run.status == RunStatus.COMPLETE
    truth = _truth()
    candidates = list(ScreeningCandidate.objects.filter(run=run))
    assert len(candidates) == len(truth)
    for c in candidates:
        if truth[(c.request_ref, c.pnd_person_id)]:
            assert c.decision == "match", c.reasons
        else:
            assert c.decision != "match", c.reasons
    hits = ScreeningHit.objects.filter(run=run)
    assert hits.exists()
    assert {h.candidate.decision for h in hits} == {"match"}
    review = hits.filter(grade="review")
    assert not review.filter(category__in=["witness", "crime_victim"]).exists()
    assert set(review.values_list("assigned_to", flat=True)) == {vetting.id}

    # the next run with the same response raises nothing new; a changed record is raised again
    raised = hits.count()
    lines = path.read_text().splitlines()
    first = json.loads(lines[0])
    first["records"][0]["summary"] = "record updated since the last check"
    lines[0] = json.dumps(first)
    run2, path2 = ScreeningRun.objects.create(), tmp_path / "second.jsonl"
    ScreeningRequestRow.objects.filter(run=run).update(run=run2)
    path2.write_text("\n".join(lines) + "\n")
    run2 = run_to_completion(response_attach(run=run2, source=path2, filename="second.jsonl"))
    new = ScreeningHit.objects.filter(run=run2)
    assert ScreeningHit.objects.count() == raised + new.count()
    if truth[(first["request_ref"], first["pnd_person_id"])]:
        assert new.count() == 1 and new.get().changed


def test_bad_lines_are_reported_with_their_numbers_and_the_rest_is_resolved(tmp_path, settings):
    settings.SCREENING_DIR = str(tmp_path / "store")
    good = (SAMPLES / "pnd-response-sample.jsonl").read_text().splitlines()
    lines = [
        good[0],
        "{not json",
        good[1],
        '{"request_ref": "R1"}',
        '{"request_ref": "NOPE", "pnd_person_id": "P", "names": [{"surname": "X"}]}',
        *good[2:],
    ]
    run, path = _sample_run(tmp_path, lines)
    run = run_to_completion(response_attach(run=run, source=path, filename="r.jsonl"))
    chunk = run.chunks.get()
    bad = {line: reason for line, reason in chunk.bad_lines}
    assert set(bad) == {2, 4, 5}
    assert "not valid JSON" in bad[2] and "pnd_person_id" in bad[4] and "not in this run" in bad[5]
    assert ScreeningCandidate.objects.filter(run=run).count() == len(good)


def test_a_chunk_is_resolved_once_however_often_it_is_run(tmp_path, settings):
    settings.SCREENING_DIR = str(tmp_path / "store")
    run, path = _sample_run(tmp_path)
    response_attach(run=run, source=path, filename="r.jsonl")
    from vetting.services import response_split

    run.refresh_from_db()
    assert response_split(run) == 1 and response_split(run) == 1
    chunk = run.chunks.get()
    assert chunk_resolve(chunk.id) > 0
    assert chunk_resolve(chunk.id) == 0
    assert ScreeningCandidate.objects.filter(run=run).count() == chunk.lines


def test_commands_write_the_request_import_the_response_and_write_results(tmp_path, settings):
    settings.SCREENING_DIR = str(tmp_path / "store")
    workforce_import(actor=None, data=(SAMPLES / "workforce-sample.csv").read_bytes(), filename="w.csv")
    request = tmp_path / "request.csv"
    call_command("screening_request", str(request))
    rows = list(csv.DictReader(request.open()))
    assert len(rows) == Person.objects.filter(is_leaver=False).count()
    assert set(rows[0]) == {
        "request_ref",
        "surname",
        "forenames",
        "previous_surnames",
        "date_of_birth",
        "gender",
        "postcode",
    }
    assert all(not r["request_ref"].startswith(("P", "S")) for r in rows)  # opaque, never the staff number
    # answer it with one candidate per person: the employee themself
    response = tmp_path / "response.jsonl"
    with response.open("w") as out:
        for r in rows:
            out.write(json.dumps({"request_ref": r["request_ref"], "pnd_person_id": f"PND-{r['request_ref']}", "names": [{"surname": r["surname"], "forenames": r["forenames"], "type": "primary"}], "dates_of_birth": [r["date_of_birth"]], "gender": r["gender"], "postcodes": [r["postcode"]], "records": []}) + "\n")  # fmt: skip
    call_command("screening_response", str(response))
    results = tmp_path / "results.csv"
    call_command("screening_results", str(results))
    out = list(csv.DictReader(results.open()))
    assert len(out) == len(rows) and {r["decision"] for r in out} == {"match"}
    assert set(out[0]) == {"request_ref", "pnd_person_id", "decision", "score", "reasons"}


def test_a_vetting_officer_turns_a_hit_into_a_conduct_matter_and_closes_another(tmp_path, settings):
    settings.SCREENING_DIR = str(tmp_path / "store")
    officer = UserFactory(role="vetting_officer")
    run, path = _sample_run(tmp_path)
    run_to_completion(response_attach(run=run, source=path, filename="r.jsonl"))
    client = quick_sign_in(officer)
    assert client.get("/vetting/").status_code == 200
    assert client.get(f"/vetting/screening/runs/{run.public_id}/").status_code == 200
    assert client.get("/vetting/screening/hits/").status_code == 200
    first, second = ScreeningHit.objects.filter(status=HitStatus.NEW, grade="review")[:2]
    url = f"/vetting/screening/hits/{first.public_id}/"
    assert client.post(url, {"action": "conduct_matter", "reason": ""}).status_code == 400
    response = client.post(url, {"action": "conduct_matter", "reason": "Arrest for assault not declared"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == HitStatus.CONDUCT_MATTER and first.case.source == "screening"
    assert first.case.case_subjects.get().person == first.person
    assert client.post(url, {"action": "close", "reason": "again"}).status_code == 400  # already dealt with
    response = client.post(f"/vetting/screening/hits/{second.public_id}/", {"action": "close", "reason": "Declared"})
    second.refresh_from_db()
    assert second.status == HitStatus.CLOSED and second.outcome_reason == "Declared"
    assert quick_sign_in(UserFactory(role="investigator")).get(url).status_code == 404


def test_an_upload_that_is_not_json_lines_is_refused_with_a_clear_message(tmp_path, settings):
    settings.SCREENING_DIR = str(tmp_path / "store")
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer = quick_sign_in(UserFactory(role="vetting_officer"))
    run = ScreeningRun.objects.create()
    url = f"/vetting/screening/runs/{run.public_id}/"
    response = officer.post(url, {"file": SimpleUploadedFile("x.jsonl", b"MZ\x90\x00binary")})
    assert response.status_code == 400 and "not a JSON Lines file" in response.content.decode()
    assert officer.post(url, {}).status_code == 400


def test_the_hits_api_decides_with_reasons_and_answers_400_on_bad_input(tmp_path, settings):
    settings.SCREENING_DIR = str(tmp_path / "store")
    officer = quick_sign_in(UserFactory(role="vetting_officer"))
    run, path = _sample_run(tmp_path)
    run_to_completion(response_attach(run=run, source=path, filename="r.jsonl"))
    listing = officer.get("/api/vetting/screening-hits/", {"status": "new", "grade": "review"})
    assert listing.status_code == 200 and listing.json()["count"] > 0
    hit = listing.json()["results"][0]
    url = f"/api/vetting/screening-hits/{hit['id']}/decide/"
    assert officer.post(url, {"action": "explode", "reason": "x"}, content_type="application/json").status_code == 400
    assert officer.post(url, {"action": "close"}, content_type="application/json").status_code == 400
    done = officer.post(url, {"action": "close", "reason": "Declared at vetting"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "closed"
    again = officer.post(url, {"action": "close", "reason": "twice"}, content_type="application/json")
    assert again.status_code == 400
    results = officer.get(f"/vetting/screening/runs/{run.public_id}/results.csv")
    assert results.status_code == 200 and results.content.decode().startswith("request_ref,pnd_person_id,decision")
    assert quick_sign_in(UserFactory(role="analyst")).get("/api/vetting/screening-hits/").status_code == 404


def test_a_possible_match_raises_its_records_only_when_a_person_confirms_it(tmp_path, settings):
    from vetting.services import candidate_identity_decide
    from workforce.models import Person as P

    settings.SCREENING_DIR = str(tmp_path / "store")
    workforce_import(actor=None, data=(SAMPLES / "workforce-sample.csv").read_bytes(), filename="w.csv")
    officer = UserFactory(role="vetting_officer")
    run = ScreeningRun.objects.create()
    person = P.objects.first()
    records = [{"record_id": "PND-R-9", "category": "arrest", "date": "2026-05-01", "summary": "s"}]
    make = lambda line: ScreeningCandidate.objects.create(  # noqa: E731
        run=run, line=line, request_ref="R9", pnd_person_id="PND-9", person=person, decision="possible",
        score=70, reasons=["forename initial"], records=records,
    )  # fmt: skip
    rejected, confirmed = make(1), make(2)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        candidate_identity_decide(actor=officer, candidate=rejected, confirmed=False, reason="")
    assert candidate_identity_decide(actor=officer, candidate=rejected, confirmed=False, reason="Different DOB") == 0
    assert not ScreeningHit.objects.exists()
    assert candidate_identity_decide(actor=officer, candidate=confirmed, confirmed=True, reason="Same person") == 1
    assert ScreeningHit.objects.get().person == person
    with pytest.raises(ValidationError):
        candidate_identity_decide(actor=officer, candidate=confirmed, confirmed=True, reason="again")


def test_nul_bytes_and_over_long_values_lose_only_their_own_line_and_the_run_completes(tmp_path, settings):
    """Item 29: a NUL inside valid JSON, or a value longer than it may be, is a bad line named by
    its number; the rest of the chunk is resolved and the run does not stay "resolving"."""
    settings.SCREENING_DIR = str(tmp_path / "store")
    good = (SAMPLES / "pnd-response-sample.jsonl").read_text().splitlines()

    def variant(index, change):
        obj = json.loads(good[index])
        change(obj)
        return json.dumps(obj)

    def name_with_nul(o):
        o["names"][0]["surname"] += "\u0000"

    def summary_with_nul(o):
        o["records"] = [{"record_id": "PND-R-NUL", "category": "arrest", "summary": "a\u0000b"}]

    def long_pnd_id(o):
        o["pnd_person_id"] = "P" * 41

    def long_record_id(o):
        o["records"] = [{"record_id": "R" * 61, "category": "arrest"}]

    def long_category(o):
        o["records"] = [{"record_id": "PND-R-LONGCAT", "category": "x" * 41}]

    def long_summary(o):
        o["records"] = [{"record_id": "PND-R-LONGSUM", "category": "arrest", "summary": "s" * 20001}]

    def long_name(o):
        o["names"][0]["forenames"] = "A" * 201

    def not_a_number(o):
        o["records"] = [{"record_id": "PND-R-NAN", "category": "arrest", "extra": float("nan")}]

    def lone_surrogate(o):
        o["names"][0]["forenames"] = "\ud800"

    changes = [
        name_with_nul, summary_with_nul, long_pnd_id, long_record_id, long_category, long_summary,
        long_name, not_a_number, lone_surrogate,
    ]  # fmt: skip
    raw_nul = good[10].replace('"names": [{"surname": "', '"names": [{"surname": "\x00', 1)
    nested = '{"request_ref": "R1", "pnd_person_id": "P1", "names": ' + "[" * 100000 + "]" * 100000 + "}"
    lines = [good[0]] + [variant(i + 1, change) for i, change in enumerate(changes)] + [raw_nul, nested, *good[11:]]
    run, path = _sample_run(tmp_path, lines)
    run = run_to_completion(response_attach(run=run, source=path, filename="r.jsonl"))
    assert run.status == RunStatus.COMPLETE
    bad = {line: reason for line, reason in run.chunks.get().bad_lines}
    assert set(bad) == set(range(2, 13)), bad
    assert "NUL" in bad[2] and "NUL" in bad[3] and "NUL" in bad[11]
    assert "pnd_person_id" in bad[4] and "longer than 40" in bad[4]
    assert "record_id" in bad[5] and "category" in bad[6] and "summary" in bad[7] and "forenames" in bad[8]
    assert "not a number" in bad[9] and "UTF-8" in bad[10] and "nested" in bad[12]
    stored = ScreeningCandidate.objects.filter(run=run)
    assert sorted(stored.values_list("line", flat=True)) == [1, *range(13, len(lines) + 1)]
    from vetting.services import run_progress

    assert [line for line, _ in run_progress(run)["bad_lines"]] == list(range(2, 13))


def test_a_line_the_database_refuses_is_named_and_the_rest_of_its_chunk_is_stored(tmp_path, settings):
    """Whatever the line checks do not foresee: a real constraint refuses one line's row; the chunk
    is written again line by line, that line is named, and the run completes."""
    from django.db import connection

    settings.SCREENING_DIR = str(tmp_path / "store")
    good = (SAMPLES / "pnd-response-sample.jsonl").read_text().splitlines()
    poison = json.loads(good[1])
    poison["pnd_person_id"] = "PND-POISON"
    lines = [good[0], json.dumps(poison), *good[2:]]
    run, path = _sample_run(tmp_path, lines)
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute(
            "ALTER TABLE vetting_screeningcandidate ADD CONSTRAINT test_refuse CHECK (pnd_person_id <> 'PND-POISON')"
        )
    run = run_to_completion(response_attach(run=run, source=path, filename="r.jsonl"))
    assert run.status == RunStatus.COMPLETE
    chunk = run.chunks.get()
    assert [line for line, _ in chunk.bad_lines] == [2] and "refused by the database" in chunk.bad_lines[0][1]
    stored = ScreeningCandidate.objects.filter(run=run)
    assert sorted(stored.values_list("line", flat=True)) == [1, *range(3, len(lines) + 1)]
    assert chunk.candidates == len(lines) - 1
    assert chunk.hits == ScreeningHit.objects.filter(run=run).count() > 0
