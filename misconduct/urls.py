from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from accounts.api.views import MeView
from audit.api.views import AccessEventViewSet
from cases.api.views import AllocateView, CaseViewSet, InterventionFlagViewSet, QueueViewSet, WorkloadView
from cases.suspension_views import SubjectSuspensionView, SuspensionQueueView
from counter_corruption.api import IntelLogViewSet
from counter_corruption.history_views import PersonHistoryView
from counter_corruption.links_api import LinkAlertViewSet, NetworkView
from counter_corruption.queue_views import QueueAPIView as CounterCorruptionQueueView
from hearings.panel_api import HearingPanelViewSet
from oversight.api.views import DisparityFlagViewSet, DisparityResultViewSet
from performance.api import PerformanceCaseViewSet
from reporting.api import ReportViewSet
from vetting.api import ClearanceViewSet
from vetting.screening_api import ScreeningHitViewSet
from vetting.withdrawal_api import WithdrawalViewSet
from workday import views as workday_views
from workday.search_views import SearchView
from workforce.api.views import OrgUnitViewSet, PersonViewSet, WorkforceImportViewSet

from . import views

router = SimpleRouter()
router.register("workforce/people", PersonViewSet, basename="person")
router.register("workforce/units", OrgUnitViewSet, basename="orgunit")
router.register("workforce/imports", WorkforceImportViewSet, basename="workforce-import")
router.register("cases", CaseViewSet, basename="case")
router.register("queues", QueueViewSet, basename="queue")
router.register("intervention-flags", InterventionFlagViewSet, basename="intervention-flag")
router.register("disparities/results", DisparityResultViewSet, basename="disparity-result")
router.register("disparities/flags", DisparityFlagViewSet, basename="disparity-flag")
router.register("audit/access-events", AccessEventViewSet, basename="access-event")
router.register("vetting/clearances", ClearanceViewSet, basename="clearance")
router.register("vetting/screening-hits", ScreeningHitViewSet, basename="screening-hit")
router.register("vetting/withdrawals", WithdrawalViewSet, basename="vetting-withdrawal")
router.register("reporting/reports", ReportViewSet, basename="report")
router.register("performance/cases", PerformanceCaseViewSet, basename="performance-case")
router.register("hearings/panels", HearingPanelViewSet, basename="hearing-panel")
router.register("counter-corruption/intelligence", IntelLogViewSet, basename="intel-log")
router.register("counter-corruption/link-alerts", LinkAlertViewSet, basename="link-alert")


def _admin_sign_in(request, extra_context=None):
    # The admin uses the service's own sign-in (with its second factor and lockout).
    return redirect(f"/sign-in/?next={request.GET.get('next', '/admin/')}")


admin.site.login = _admin_sign_in
admin.site.site_header = "Professional Standards Case Management: administration"

urlpatterns = [
    path("", workday_views.home, name="home"),
    path("", include("workday.urls")),
    path("notifications/", include("notifications.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("", include("accounts.urls")),
    # hearings first: a case reference may hold '/', so cases' catch-all detail page would take its URLs
    path("cases/", include("hearings.urls")),
    path("cases/", include("cases.urls")),
    path("queues/", include("cases.queue_urls")),
    path("disparities/", include("oversight.urls")),
    path("vetting/", include("vetting.urls")),
    path("reporting/", include("reporting.urls")),
    path("performance/", include("performance.urls")),
    path("report/", include("reporting.public_urls")),
    path("workforce/", include("workforce.urls")),
    path("audit/", include("audit.urls")),
    path("law/", include("law.urls")),
    path("counter-corruption/", include("counter_corruption.urls")),
    path("integrity/", include("integrity.urls")),
    path("governance/", include("governance.urls")),
    path("admin/", admin.site.urls),
    path("api/me/", MeView.as_view(), name="api-me"),
    path("api/search/", SearchView.as_view(), name="api-search"),
    path("api/allocations/", AllocateView.as_view(), name="api-allocate"),
    path("api/workload/", WorkloadView.as_view(), name="api-workload"),
    path(
        "api/cases/<str:reference>/subjects/<uuid:subject_id>/suspension/",
        SubjectSuspensionView.as_view(),
        name="case-subject-suspension",
    ),
    path("api/queues/suspension/", SuspensionQueueView.as_view(), name="queue-suspension"),
    path("api/counter-corruption/queue/", CounterCorruptionQueueView.as_view(), name="api-cc-queue"),
    path("api/integrity/", include("integrity.api")),
    path("api/counter-corruption/monitoring/", include("counter_corruption.monitoring_import_api")),
    path("api/counter-corruption/monitoring/", include("counter_corruption.monitoring_review_api")),
    path("api/counter-corruption/people/<uuid:public_id>/network/", NetworkView.as_view(), name="api-person-network"),
    path(
        "api/counter-corruption/people/<uuid:public_id>/history/",
        PersonHistoryView.as_view(),
        name="counter-corruption-person-history",
    ),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler400 = "misconduct.views.error_400"
handler403 = "misconduct.views.error_403"
handler404 = "misconduct.views.error_404"
handler500 = "misconduct.views.error_500"
