"""Wiring of the police staff procedure, called from HearingsConfig.ready()."""

from django.db.models.signals import post_migrate


def staff_procedure_ready(config) -> None:
    from cases.extensions import case_section_register, deadlines_register
    from cases.staff_procedure import ensure_policy_versions

    from .section import case_deadlines, queue_deadlines, staff_section
    from .steps import register_staff_steps

    post_migrate.connect(ensure_policy_versions, sender=config, dispatch_uid="hearings.staff.policy")
    register_staff_steps()
    case_section_register("hearings.staff", staff_section)
    deadlines_register("hearings.staff", case=case_deadlines, queue=queue_deadlines)
