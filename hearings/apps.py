from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HearingsConfig(AppConfig):
    name = "hearings"

    def ready(self):
        from .reference import ensure_reference_data

        post_migrate.connect(ensure_reference_data, sender=self, dispatch_uid="hearings.reference")
        from .dismissals import ensure_rule_versions

        post_migrate.connect(ensure_rule_versions, sender=self, dispatch_uid="hearings.dismissals_rules")
        from .steps import register_steps

        register_steps()
        from .staff.apps import staff_procedure_ready

        staff_procedure_ready(self)
        from cases.extensions import history_step_register

        from .history import proceeding_from_history

        history_step_register("hearings.proceeding", proceeding_from_history)
        from cases.extensions import case_section_register

        from .panels import case_section

        case_section_register("hearings.panels", case_section)
