"""Demo reporting-line data: portal reports at every stage over the last four months, with
messages, notes, linked people and a conduct matter, plus a batch from an intermediary; created
through the services (synthetic text and people only)."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from django.utils import timezone

from reporting.importing import intermediary_import
from reporting.models import Report
from reporting.services import (
    due_dates,
    internal_note_add,
    report_close,
    report_conduct_matter_create,
    report_person_link,
    report_submit,
    reporter_message_add,
    team_message_send,
)
from workforce.models import Person

SCENARIOS = [
    (
        "An officer at {station} has been seeing a woman he met when she reported domestic abuse. He visits her "
        "flat in uniform during his shifts.",
        "involved",
        "{station} response team",
    ),
    (
        "A member of staff in the control room looks up her neighbours on the police systems and tells people on "
        "the estate what she finds.",
        "told",
        "Staff in the control room, first name Jo",
    ),
    (
        "PC {shoulder} takes cash from the owner of the {venue} to tip him off before licensing checks.",
        "saw",
        "PC {shoulder}, licensing team",
    ),
    (
        "An officer posted racist memes in a WhatsApp group with other officers from {station}. I have screenshots.",
        "documents",
        "Several officers from {station}",
    ),
    (
        "A detective is using cocaine at weekends with people the police are investigating.",
        "saw",
        "DC, about 35, drives a black hatchback",
    ),
    (
        "An officer sends sexual messages to young women he stops in the street, using the numbers from his notebook.",
        "involved",
        "Tall officer with a beard, {station}",
    ),
    (
        "My ex-partner is a police officer and has threatened to use his job to find where I now live.",
        "involved",
        "My ex-partner, PC at {station}",
    ),
    (
        "A sergeant at {station} lets his friend's garage have all the recovered vehicles and gets paid for it.",
        "told",
        "Custody sergeant, {station}",
    ),
]
PLACES = ["Central", "Northgate", "Riverside", "Eastfield", "Kingsway", "Harbour Road"]
VENUES = ["Blue Lantern club", "Crown and Anchor", "Velvet Lounge", "Mill Street bar"]


def _text(template: str, rng: random.Random, wearer=None) -> str:
    """The template filled in; ``wearer`` (a person with a shoulder number) is the PC named, as a
    reporter would write it: the number without the borough letters."""
    station, number, venue = rng.choice(PLACES), rng.randint(1000, 9999), rng.choice(VENUES)
    if wearer is not None:
        number = wearer.shoulder_number.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return template.format(station=station, shoulder=number, venue=venue)


def demo_reports_create(*, officer, supervisor, seed: int = 2026, count: int = 40, today: date | None = None) -> dict:
    rng = random.Random(seed)
    now = timezone.now()
    if today is not None:  # as if today were that date (same time of day)
        now += today - timezone.localdate()
    people = list(Person.objects.filter(is_leaver=False, person_type="officer").order_by("staff_number")[:400])
    constables = [p for p in people if p.rank_or_grade == "PC" and p.shoulder_number]
    made = 0
    for i in range(count):
        what, how, who = rng.choice(SCENARIOS)
        # a report naming "PC 1782" is about a real constable, found again by a search for the number
        wearer = constables[(i * 37) % len(constables)] if constables and "{shoulder}" in what else None
        identity = (
            {"name": "", "email": f"reporter{i}@example.invalid", "phone": "", "safe_to_contact": "Evenings only"}
            if rng.random() < 0.3
            else None
        )
        submitted = report_submit(
            submission_token=uuid.uuid4(),
            what_happened=_text(what, rng, wearer),
            when_happened=rng.choice(["Last week", "Since the spring", "Most weekends", "On 3 October", ""]),
            where_happened=rng.choice(PLACES) + rng.choice([" police station", " town centre", ""]),
            people_described=_text(who, rng, wearer),
            how_known=how,
            ongoing=rng.choice([True, False, None]),
            identity=identity,
        )
        report = submitted.report
        received = now - timedelta(days=int(120 * (1 - i / count)) + rng.randint(0, 3), hours=rng.randint(0, 12))
        acknowledge_due, feedback_due = due_dates(received)
        Report.objects.filter(pk=report.pk).update(
            received_at=received, acknowledge_due_on=acknowledge_due, feedback_due_on=feedback_due
        )
        report.refresh_from_db()
        age = (now - received).days
        draw = rng.random()
        if age > 9 or draw < 0.5:  # the older ones have been looked at (a few recent ones have not)
            if age > 9 and draw < 0.1:
                made += 1
                continue  # acknowledgement overdue: shown first in the queue
            team_message_send(
                actor=officer,
                report=report,
                kind="acknowledgement",
                body="Thank you for telling us. We are looking at what you have said and may ask you questions here.",
            )
            if rng.random() < 0.5:
                team_message_send(
                    actor=officer, report=report, kind="update",
                    body="Can you tell us roughly when this last happened, and whether anyone else saw it?",
                )  # fmt: skip
                if rng.random() < 0.6:
                    reporter_message_add(
                        report=report, body="It last happened on Saturday night. A friend of mine saw it too."
                    )
            internal_note_add(
                actor=officer, report=report, body="Checked duty records: officer on shift at the times given."
            )
            if age > 60 and rng.random() < 0.5:
                if rng.random() < 0.4 and people:
                    person = rng.choice(people)
                    person = wearer or person  # the constable whose number the reporter gave
                    report_person_link(
                        actor=officer, report=report, person=person, reason="Shoulder number and station match"
                    )
                    report_conduct_matter_create(
                        actor=supervisor, report=report,
                        summary=f"Reporting line {report.reference}: {report.what_happened[:120]}",
                        reason="Specific and credible; named officer identified from duty records",
                    )  # fmt: skip
                else:
                    report_close(
                        actor=supervisor, report=report, reason="insufficient",
                        note="No one identifiable from the details given; nothing further to go on.",
                    )  # fmt: skip
                    team_message_send(
                        actor=officer, report=report, kind="feedback",
                        body="We have looked into your report carefully. We could not identify anyone from the "
                        "details given, so we have closed it. Thank you for telling us.",
                    )  # fmt: skip
        made += 1
    intermediary = _intermediary_batch(officer, rng, today, constables)
    return {"reports": made, "intermediary": intermediary}


def _intermediary_batch(officer, rng: random.Random, today: date | None = None, constables=()) -> int:
    lines = ["intermediary_reference,received_at,what_happened,where_happened,people_described,how_known"]
    today = today or timezone.localdate()
    for n in range(8):
        what, how, who = rng.choice(SCENARIOS)
        wearer = constables[(n * 53 + 11) % len(constables)] if constables and "{shoulder}" in what else None
        day = today - timedelta(days=rng.randint(1, 30))
        text = _text(what, rng, wearer).replace('"', "'")
        described = _text(who, rng, wearer)
        lines.append(f'CS-{day:%y%m}-{4100 + n},{day.isoformat()},"{text}",{rng.choice(PLACES)},"{described}",{how}')
    result = intermediary_import(
        actor=officer,
        intermediary="Crimestoppers",
        file_name="crimestoppers-batch.csv",
        data=("\n".join(lines) + "\n").encode(),
    )
    return result.created
