"""Dunning endpoints, mounted under /api/v1/dunning/."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api import DunningLevelViewSet, DunningNoticePdfApi, DunningNoticeViewSet, DunningRunApi, DunningStopViewSet

router = SimpleRouter(trailing_slash=True)
router.register("levels", DunningLevelViewSet, basename="dunning-level")
router.register("notices", DunningNoticeViewSet, basename="dunning-notice")
router.register("stops", DunningStopViewSet, basename="dunning-stop")

urlpatterns = [
    path("notices/<int:pk>/pdf/", DunningNoticePdfApi.as_view(), name="dunning-notice-pdf"),
    path("run/", DunningRunApi.as_view(), name="dunning-run"),
    path("", include(router.urls)),
]
