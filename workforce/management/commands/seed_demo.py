import random
from datetime import timedelta

import pghistory
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from cases.models import Case, CaseAccessGrant, CaseSubject
from workforce.models import Person
from workforce.services import workforce_import
from workforce.synthetic import generate_people, people_to_csv

DEMO_PASSWORD = "demo-password-2026"
# One demo account per role; each is a (synthetic) member of the Professionalism command.
DEMO_ACCOUNTS = [
    (Role.INVESTIGATOR, "investigator", "Dana", "Reyes"),
    (Role.SUPERVISOR, "supervisor", "Sam", "Okafor"),
    (Role.APPROPRIATE_AUTHORITY, "authority", "Alex", "Morgan"),
    (Role.VETTING_OFFICER, "vetting", "Vic", "Patel"),
    (Role.ANALYST, "analyst", "Ana", "Lewis"),
    (Role.HEARINGS_OFFICER, "hearings", "Harper", "Quinn"),
    (Role.OVERSIGHT_READER, "oversight", "Olu", "Mensah"),
    (Role.AUDITOR, "auditor", "Audrey", "Kaur"),
    (Role.ADMINISTRATOR, "admin", "Ash", "Brennan"),
]
SUMMARIES = [
    "Alleged misuse of police systems to look up a former partner",
    "Alleged excessive force during an arrest",
    "Alleged discriminatory remarks to a member of the public",
    "Alleged failure to record a domestic abuse report",
    "Alleged undeclared association with a person of interest",
    "Alleged inappropriate messages to a victim of crime",
    "Alleged dishonesty in overtime claims",
    "Alleged disclosure of operational information on social media",
    "Alleged rudeness during a stop and search",
    "Alleged failure to challenge a colleague's conduct",
]


class Command(BaseCommand):
    help = "Create realistic synthetic demo data: a workforce, one account per role, and a few cases."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=5000)
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if a workforce is already loaded")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, people: int, if_empty: bool, seed: int, **options):
        if if_empty and Person.objects.exists():
            self.stdout.write("Demo data already present; leaving it as it is.")
            return
        rows = generate_people(people, seed=seed, today=timezone.localdate())
        result = workforce_import(actor=None, data=people_to_csv(rows), filename="demo-workforce.csv")
        self.stdout.write(
            f"Workforce: {result.created} created, {result.updated} updated, {len(result.errors)} bad rows"
        )
        with transaction.atomic(), pghistory.context(reason="demo data"):
            accounts = self._accounts()
            self._cases(accounts, seed)
        self.stdout.write(f"Demo accounts (password '{DEMO_PASSWORD}'): " + ", ".join(a[1] for a in DEMO_ACCOUNTS))

    def _accounts(self) -> dict[str, User]:
        pros = list(
            Person.objects.filter(
                command__name="Professionalism", is_leaver=False, person_type__in=["officer", "staff"]
            ).order_by("staff_number")[: len(DEMO_ACCOUNTS)]
        )
        users = {}
        for index, (role, username, first, last) in enumerate(DEMO_ACCOUNTS):
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "is_demo_account": True,
                    "email": f"{username}@demo.invalid",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.person = pros[index] if index < len(pros) else None
                user.is_staff = role == Role.ADMINISTRATOR
                user.save()
            user.groups.add(Group.objects.get(name=role))
            users[username] = user
        return users

    def _cases(self, accounts: dict[str, User], seed: int) -> None:
        if Case.objects.exists():
            return
        rng = random.Random(seed)
        candidates = list(
            Person.objects.filter(is_leaver=False)
            .exclude(command__name="Professionalism")
            .values_list("id", flat=True)[:3000]
        )
        today = timezone.localdate()
        year = today.year
        for number in range(1, 41):
            case = Case.objects.create(
                reference=f"PSD-{year}-{number:05d}",
                summary=rng.choice(SUMMARIES),
                received_date=today - timedelta(days=rng.randint(5, 700)),
                status="closed" if rng.random() < 0.3 else "open",
                is_restricted=number in (7, 21),
            )
            for person_id in rng.sample(candidates, k=rng.choice([1, 1, 1, 2])):
                CaseSubject.objects.create(case=case, person_id=person_id)
            if case.is_restricted:
                CaseAccessGrant.objects.create(
                    case=case,
                    user=accounts["supervisor"],
                    granted_by=accounts["admin"],
                    reason="Restricted: anti-corruption operation",
                )
        # One case about the investigator's own line manager, which the investigator must not see.
        investigator = accounts["investigator"].person
        if investigator is not None and investigator.line_manager_id:
            case = Case.objects.create(
                reference=f"PSD-{year}-00041",
                summary="Alleged inappropriate comments in a team meeting",
                received_date=today - timedelta(days=30),
            )
            CaseSubject.objects.create(case=case, person_id=investigator.line_manager_id)
