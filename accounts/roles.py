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
                ("law", "ruleversion"),
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


def _last_app_with_models():
    from django.apps import apps

    return [config for config in apps.get_app_configs() if config.models_module is not None][-1]


def ensure_roles(sender=None, **kwargs) -> None:
    """Groups and their permissions, once per migrate or flush: when the signal comes for the
    last app (every app's permissions exist by then), in a handful of queries."""
    if sender is not None and sender is not _last_app_with_models():
        return
    wanted_codes = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    found = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename")
        if f"{app_label}.{codename}" in wanted_codes
    }
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set([found[perm] for perm in ROLE_PERMISSIONS.get(role, []) if perm in found])
