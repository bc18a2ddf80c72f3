"""Factories (factory_boy) for synthetic people, users and cases."""

import itertools
from datetime import date

import factory
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from cases.models import Case, CaseSubject
from workforce.choices import UnitKind
from workforce.models import OrgUnit, Person

PASSWORD = "correct-horse-battery-staple"
_staff = itertools.count(900000)


class CommandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("kind", "name")

    name = "Frontline Policing"
    kind = UnitKind.COMMAND


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("parent", "name")

    name = "Central West BCU"
    kind = UnitKind.UNIT
    parent = factory.SubFactory(CommandFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    staff_number = factory.LazyFunction(lambda: f"TS{next(_staff)}")
    person_type = "officer"
    surname = factory.Sequence(lambda n: f"TESTER{n}")
    forenames = "ALEX"
    date_of_birth = date(1985, 3, 14)
    rank_or_grade = "PC"
    unit = factory.SubFactory(UnitFactory)
    command = factory.LazyAttribute(lambda o: o.unit.parent)
    start_date = date(2010, 1, 4)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"PSD-2026-{n + 1:05d}")
    summary = "Alleged misuse of police systems"
    received_date = date(2026, 1, 5)

    @factory.post_generation
    def subjects(self, create, extracted, **kwargs):
        for person in extracted or []:
            CaseSubject.objects.create(case=self, person=person)


def totp_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"
