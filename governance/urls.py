"""One namespace, governance:, from the parts' own url modules."""

from . import urls_boardpack, urls_oversight, urls_return, urls_timeliness

app_name = "governance"

urlpatterns = [
    *urls_return.urlpatterns,
    *urls_timeliness.urlpatterns,
    *urls_oversight.urlpatterns,
    *urls_boardpack.urlpatterns,
]
