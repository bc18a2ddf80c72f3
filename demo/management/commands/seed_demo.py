from datetime import date, timedelta

import pghistory
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from cases.models import Case, CaseAccessGrant
from demo.dismissals import demo_dismissals_create
from demo.links import demo_links_create
from demo.monitoring import demo_monitoring_create
from demo.notifications import demo_notifications_create
from demo.registers import demo_registers_create
from demo.timeliness import demo_timeliness_refresh
from demo.withdrawal import demo_withdrawals_create
from demo.workday_actions import demo_workday_actions_create
from demo.workday_casework import demo_casework_actions_create
from demo.workday_others import demo_workday_others_create
from workforce.models import Person
from workforce.synthetic import generate_people, people_to_csv

DEMO_PASSWORD = "demo-password-2026"
# One demo account per role; each is a (synthetic) member of the Professionalism command.
DEMO_ACCOUNTS = [
    (Role.INVESTIGATOR, "investigator", "Dana", "Reyes"),
    (Role.SUPERVISOR, "supervisor", "Sam", "Okafor"),
    (Role.APPROPRIATE_AUTHORITY, "authority", "Alex", "Morgan"),
    (Role.VETTING_OFFICER, "vetting", "Vic", "Patel"),
    (Role.REPORTING_OFFICER, "reporting", "Rowan", "Ellis"),
    (Role.ANALYST, "analyst", "Ana", "Lewis"),
    (Role.HEARINGS_OFFICER, "hearings", "Harper", "Quinn"),
    (Role.OVERSIGHT_READER, "oversight", "Olu", "Mensah"),
    (Role.AUDITOR, "auditor", "Audrey", "Kaur"),
    (Role.ADMINISTRATOR, "admin", "Ash", "Brennan"),
    (Role.COUNTER_CORRUPTION, "cc-officer", "Casey", "Nolan"),
    # a second member of the unit, named on no restricted log: shows the named-people list at work
    (Role.COUNTER_CORRUPTION, "cc-officer-2", "Corin", "Blake"),
    (Role.INTEGRITY_APPROVER, "approver", "April", "Hughes"),
    # a member of staff with no role: declares their own business interests, gifts and associations
    (None, "staff", "Sasha", "Green"),
]


class Command(BaseCommand):
    help = "Create realistic synthetic demo data: a workforce, one account per role, and a few cases."

    def execute(self, *args, **options):
        from django.conf import settings
        from django.core.management.base import CommandError

        if not (settings.DEMO_MODE or settings.TESTING):
            # The demo accounts share a password published in the README: never outside a demonstration.
            raise CommandError(
                "seed_demo creates accounts with the published demo password: it runs only with DEMO_MODE=1 "
                "(make demo, docker-compose.demo.yml). For a real service create the first administrator with "
                "'manage.py create_administrator'."
            )
        return super().execute(*args, **options)

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=5000)
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if a workforce is already loaded")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--cases", type=int, default=None, help="Conduct matters to create (default: people / 20)")
        parser.add_argument("--disparity", type=float, default=1.8, help="Relative rate for Black officers and staff")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Generate the data as if today were this date, YYYY-MM-DD (default: today)",
        )

    def handle(self, *args, people: int, if_empty: bool, seed: int, cases: int | None, disparity: float, **options):
        if if_empty and Person.objects.exists():
            self.stdout.write("Demo data already present; leaving it as it is.")
            return
        today = options.get("today") or timezone.localdate()
        rows = generate_people(people, seed=seed, today=today)
        run = self._workforce(rows, today)
        self.stdout.write(
            f"Workforce: {run.created} created, {run.updated} updated, {len(run.errors)} bad rows"
            + (f" ({run.get_status_display()}: {run.refusal})" if run.refusal else "")
        )
        with transaction.atomic(), pghistory.context(reason="demo data"):
            accounts = self._accounts()
        from demo.cases import demo_cases_create
        from demo.intelligence import demo_intelligence_create
        from demo.staff import demo_staff_create as staff_matters_create

        made = 0
        if not Case.objects.exists():
            with pghistory.context(reason="demo data"):
                made = demo_cases_create(
                    count=cases if cases is not None else people // 20,
                    disparity=disparity,
                    seed=seed,
                    today=today,
                )
                self._special_cases(accounts, today)
                made += staff_matters_create(today=today)  # police staff procedure (demo/staff.py)
                demo_dismissals_create(today=today, stdout=self.stdout)
        self.stdout.write(f"Conduct matters: {made} created through the case services")
        from django.core.management import call_command

        self._history(seed, disparity, today)
        self._vetting(seed, today)
        self.stdout.write(f"Vetting withdrawals: {demo_withdrawals_create(seed=seed, today=today)} created")
        self._reporting(seed, today)
        call_command("seed_demo_panels", seed=seed, today=today, stdout=self.stdout)
        call_command("seed_suspension_demo", today=today, stdout=self.stdout)
        call_command("seed_performance_demo", stdout=self.stdout)
        from demo.oversight import demo_oversight_create  # the local policing body's 12-month reports

        self.stdout.write(f"Oversight: {demo_oversight_create(today=today)} 12-month reports sent")
        self.stdout.write(f"Intelligence: {demo_intelligence_create(seed=seed, today=today)} logs")
        self.stdout.write(f"Work lists: {demo_casework_actions_create(today=today, seed=seed)} dated actions")
        self.stdout.write(f"Integrity registers: {demo_registers_create(seed=seed, today=today)}")
        self.stdout.write(f"Link analysis: {demo_links_create(seed=seed, today=today)}")  # demo/links.py
        self.stdout.write(f"Lawful business monitoring: {demo_monitoring_create(seed=seed, today=today)}")
        from demo.integrity_history import demo_integrity_history_create  # the officer with 11 allegations

        self.stdout.write(f"Integrity history officer: {demo_integrity_history_create(seed=seed, today=today)}")
        self.stdout.write(f"Diary and custody: {demo_workday_actions_create(today=today)}")  # demo/workday_actions.py
        self.stdout.write(f"Work lists (other roles): {demo_workday_others_create(today=today)}")
        call_command("rescore_priorities", stdout=self.stdout)
        call_command("raise_intervention_flags", stdout=self.stdout)
        call_command("rescore_counter_corruption", stdout=self.stdout)  # after every other part's demo data
        self.stdout.write(f"Notifications: {demo_notifications_create(today=today)}")  # demo/notifications.py
        self.stdout.write(f"Timeliness: {demo_timeliness_refresh()}")  # demo/timeliness.py, after all matters
        from demo.boardpack import demo_board_pack_create  # last, so the pack reads every part's data

        self.stdout.write(f"Board pack: {demo_board_pack_create(today=today)}")
        self.stdout.write(f"Demo accounts (password '{DEMO_PASSWORD}'): " + ", ".join(a[1] for a in DEMO_ACCOUNTS))

    def _workforce(self, rows: list[dict], today: date):
        """The HR extract as the workforce import page records it (a run the administrator's home
        shows), with two rows an HR system really sends wrong: a date that does not exist and an
        ethnicity code that is not in the list. They are reported by line and nobody is lost."""
        from workforce.models import WorkforceImport
        from workforce.services import workforce_import_run

        bad = [
            dict(rows[0], staff_number="D9000001", surname="WELLS", forenames="Imogen", date_of_birth="1991-02-30"),
            dict(rows[1], staff_number="D9000002", surname="OSEI", forenames="Kwame", ethnicity_code="X9"),
        ]
        for row in bad:
            row.update(line_manager_staff_number="", end_date="", previous_surnames="")
        run = WorkforceImport.objects.create(
            filename=f"hr-extract-{today:%Y-%m-%d}.csv", content=people_to_csv(rows + bad)
        )
        return workforce_import_run(run=run)

    def _history(self, seed: int, disparity: float, today: date) -> None:
        """Three years before go-live through the history import, then a first disparity refresh."""
        from cases.history import history_import
        from demo.history import history_csv
        from oversight.refresh import disparities_refresh

        if Case.objects.filter(reference__startswith="LEG-").exists():
            return
        people = Person.objects.values_list("staff_number", "ethnicity__group", "start_date", "end_date")
        data = history_csv(people, today=today, disparity=disparity, seed=seed)
        result = history_import(actor=None, data=data, filename="demo-history.csv")
        self.stdout.write(f"Case history: {result.created} allegations imported, {len(result.errors)} bad rows")
        refresh = disparities_refresh()
        self.stdout.write(
            f"Disparity refresh: {refresh.tests} comparisons, {refresh.flags} FLAG, {refresh.watches} WATCH"
        )

    def _reporting(self, seed: int, today: date) -> None:
        from demo.reporting import demo_reports_create
        from reporting.models import Report

        if Report.objects.exists():
            return
        officer = User.objects.get(username="reporting")
        supervisor = User.objects.get(username="supervisor")
        made = demo_reports_create(officer=officer, supervisor=supervisor, seed=seed, today=today)
        self.stdout.write(
            f"Reporting line: {made['reports']} portal reports, {made['intermediary']} from an intermediary"
        )

    def _vetting(self, seed: int, today: date) -> None:
        from demo.vetting import demo_vetting_create
        from vetting.models import Clearance

        if Clearance.objects.exists():
            return
        vetting = User.objects.filter(username="vetting").first()
        made = demo_vetting_create(actor=vetting, seed=seed, today=today)
        self.stdout.write(
            f"Vetting: {made['clearances']} clearances; a screening run of {made['screening_lines']} lines"
        )

    def _accounts(self) -> dict[str, User]:
        pros = list(
            Person.objects.filter(
                command__name="Professionalism", is_leaver=False, person_type__in=["officer", "staff"]
            ).order_by("staff_number")[: len(DEMO_ACCOUNTS)]
        )
        # accounts of the unit have people from Professionalism; any beyond it have none
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
                if role is None:
                    user.person = self._ordinary_member()
                else:
                    user.person = pros[index] if index < len(pros) else None
                user.is_staff = role == Role.ADMINISTRATOR
                user.save()
            if role is not None:
                user.groups.add(Group.objects.get(name=role))
            users[username] = user
        return users

    @staticmethod
    def _ordinary_member():
        """A serving officer outside Professionalism with a line manager, and no account yet."""
        return (
            Person.objects.filter(is_leaver=False, person_type="officer", line_manager__isnull=False)
            .exclude(command__name="Professionalism")
            .filter(user_account__isnull=True)
            .order_by("staff_number")
            .first()
        )

    def _special_cases(self, accounts: dict[str, User], today: date) -> None:
        """Two restricted matters (named: the supervisor) and one about the investigator's own
        line manager, which the investigator must not see."""
        from cases.models import AllegationCategory, Standard
        from cases.services import matter_intake

        for case in Case.objects.order_by("id")[:2]:
            case.is_restricted = True
            case.save(update_fields=["is_restricted"])
            CaseAccessGrant.objects.get_or_create(
                case=case,
                user=accounts["supervisor"],
                defaults={"granted_by": accounts["admin"], "reason": "Restricted: anti-corruption operation"},
            )
        investigator = accounts["investigator"].person
        if investigator is not None and investigator.line_manager_id:
            matter_intake(
                actor=accounts["supervisor"],
                source="conduct_matter",
                received_date=today - timedelta(days=30),
                summary="Alleged inappropriate comments in a team meeting",
                person=investigator.line_manager,
                category=AllegationCategory.objects.get(code="discreditable_conduct"),
                standards=[Standard.objects.get(number=2)],
                description="Made demeaning comments about a colleague in a team meeting.",
            )
