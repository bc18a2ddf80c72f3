"""Statutory reference data for conduct matters, seeded when missing (never overwritten)."""

STANDARDS = [
    (1, "Honesty and integrity"),
    (2, "Authority, respect and courtesy"),
    (3, "Equality and diversity"),
    (4, "Use of force"),
    (5, "Orders and instructions"),
    (6, "Duties and responsibilities"),
    (7, "Confidentiality"),
    (8, "Fitness for work"),
    (9, "Discreditable conduct"),
    (10, "Challenging and reporting improper conduct"),
]
CATEGORIES = [
    ("sexual_misconduct", "Sexual misconduct (including violence against women and girls)"),
    ("abuse_of_position", "Abuse of position (including for a sexual purpose)"),
    ("corruption", "Corruption"),
    ("discrimination", "Discrimination"),
    ("violence", "Violence or use of force"),
    ("dishonesty", "Dishonesty"),
    ("data_misuse", "Misuse of data or police systems"),
    ("neglect_of_duty", "Neglect of duty"),
    ("discreditable_conduct", "Discreditable conduct"),
    ("other", "Other"),
]
# (code, label, categories that prompt it, allegation facts that prompt it)
IOPC_GROUNDS = [
    ("death_or_serious_injury", "Death or serious injury", [], ["death_or_serious_injury"]),
    ("serious_assault", "Serious assault", ["violence"], []),
    ("serious_sexual_offence", "Serious sexual offence", ["sexual_misconduct"], []),
    (
        "serious_corruption",
        "Serious corruption (including abuse of position for a sexual purpose or an improper emotional relationship)",
        ["corruption", "abuse_of_position"],
        [],
    ),
    (
        "discrimination_aggravated",
        "Criminal offence or behaviour aggravated by discrimination",
        ["discrimination"],
        ["aggravated_by_discrimination"],
    ),
    ("relevant_offence", "A relevant offence", [], []),
    ("connected_incident", "Conduct connected to the same incident as any of these", [], []),
    ("chief_officer", "Conduct of a chief officer", [], ["subject_is_chief_officer"]),
]


def ensure_reference_data(**kwargs) -> None:
    from .models import AllegationCategory, IopcGround, Standard

    for number, title in STANDARDS:
        Standard.objects.get_or_create(number=number, defaults={"title": title})
    for code, label in CATEGORIES:
        AllegationCategory.objects.get_or_create(code=code, defaults={"label": label})
    for code, label, categories, facts in IOPC_GROUNDS:
        IopcGround.objects.get_or_create(code=code, defaults={"label": label, "categories": categories, "facts": facts})
