"""Intelligence themes as data (seeded when missing, never overwritten: a force may change them)."""

THEMES = [
    # code, label, weight (how much the theme raises a log's place in the unit's queue)
    ("apsp", "Abuse of position for a sexual purpose", 40),
    ("misuse_systems", "Misuse of force systems", 20),
    ("vulnerability", "Vulnerabilities (debt, gambling, addiction)", 10),
    ("theft_fraud", "Theft and fraud", 25),
    ("infiltration", "Infiltration by organised crime", 35),
    ("drugs", "Drugs", 25),
    ("disclosure", "Disclosure of information to criminals", 35),
    ("domestic_abuse", "Domestic abuse by a member of the workforce", 30),
    ("inappropriate_association", "Inappropriate association", 20),
]


def ensure_themes(**kwargs) -> None:
    from .models import Theme

    for order, (code, label, weight) in enumerate(THEMES):
        Theme.objects.get_or_create(code=code, defaults={"label": label, "weight": weight, "order": order})
