from django.apps import AppConfig


class VettingConfig(AppConfig):
    name = "vetting"
    verbose_name = "Vetting and workforce screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cases.extensions import case_section_register, vetting_referral_register

        from .withdrawal_services import vetting_referral
        from .withdrawal_views import conduct_case_section

        vetting_referral_register(vetting_referral)
        case_section_register("vetting.withdrawal", conduct_case_section)
        from notifications.visibility import register

        from . import withdrawal_rules  # noqa: F401  (connects the rule's post_migrate seeding)
        from .selectors import clearance_notifications_visible, hit_notifications_visible

        register("screening_hit", hit_notifications_visible)
        register("clearance", clearance_notifications_visible)
