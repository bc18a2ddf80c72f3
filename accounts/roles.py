"""Roles are Django groups with model permissions; created and kept in step after every migrate."""

from django.contrib.auth.models import Group, Permission

from .choices import Role

# Model permissions per role (app_label.codename). Need-to-know rules apply on top of these.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.INVESTIGATOR: ["cases.view_case", "workforce.view_person"],
    Role.SUPERVISOR: ["cases.view_case", "workforce.view_person"],
    Role.APPROPRIATE_AUTHORITY: ["cases.view_case", "workforce.view_person"],
    Role.VETTING_OFFICER: ["workforce.view_person"],
    Role.REPORTING_OFFICER: ["workforce.view_person"],
    Role.ANALYST: ["cases.view_case", "workforce.view_person"],
    Role.HEARINGS_OFFICER: ["cases.view_case", "workforce.view_person"],
    Role.OVERSIGHT_READER: [],
    Role.AUDITOR: ["audit.view_accessevent"],
    Role.ADMINISTRATOR: [
        "workforce.view_person",
        "workforce.add_workforceimport",
        "workforce.view_workforceimport",
        "workforce.view_ethnicitycode",
        "workforce.change_ethnicitycode",
        "workforce.view_orgunit",
        "workforce.change_orgunit",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "auth.view_group",
        *[
            f"{app}.{action}_{model}"
            for app, model in [
                ("cases", "priorityweight"),
                ("cases", "allegationcategory"),
                ("cases", "interventionrule"),
                ("cases", "iopcground"),
                ("cases", "standard"),
                ("hearings", "outcomerule"),
                ("hearings", "warningperiod"),
                ("hearings", "panelrole"),
            ]
            for action in ("view", "change")
        ],
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
        "django_celery_beat.view_crontabschedule",
        "django_celery_beat.add_crontabschedule",
        "django_celery_beat.change_crontabschedule",
    ],
}


def ensure_roles(**kwargs) -> None:
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = []
        for perm in ROLE_PERMISSIONS.get(role, []):
            app_label, codename = perm.split(".")
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found is not None:
                wanted.append(found)
        group.permissions.set(wanted)
