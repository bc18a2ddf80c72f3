"""The first administrator of a real service (the demo's accounts are never created outside demo mode).

    docker compose run --rm web python manage.py create_administrator ash.brennan
    python manage.py create_administrator ash.brennan --password-stdin < secret.txt

The account gets the Administrator role and the Django admin (staff) but is not a superuser: it
manages users and reference data and cannot grant itself anything (accounts/admin.py). The
authenticator is enrolled at the first sign-in, so sign in straight away, before anyone else can.
"""

import getpass
import sys

import pghistory
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.choices import Role
from accounts.models import User


class Command(BaseCommand):
    help = "Create an administrator account (Administrator role, admin access, not a superuser)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--password-stdin", action="store_true", help="Read the password from standard input")

    def handle(self, *args, username: str, email: str, password_stdin: bool, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"An account named {username!r} already exists.")
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from error
        user.set_password(password)
        with transaction.atomic(), pghistory.context(reason="first administrator (create_administrator)"):
            user.save()
            user.groups.add(Group.objects.get(name=Role.ADMINISTRATOR))
        self.stdout.write(
            f"Administrator {username!r} created. Sign in now: the first sign-in enrols the authenticator."
        )
