"""What the vetting home page shows; each part is filled in by the clearance and screening work."""


def home_context(user) -> dict:
    context = {"sections": []}
    try:
        from .clearance_views import home_sections as clearance_sections
    except ImportError:
        clearance_sections = None
    try:
        from .screening_views import home_sections as screening_sections
    except ImportError:
        screening_sections = None
    for part in (clearance_sections, screening_sections):
        if part is not None:
            context["sections"].extend(part(user))
    return context
