from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from xinfang.front import views as front
from xinfang.ops import views as ops

admin.site.site_header = "信访业务管理系统 · 系统管理"
admin.site.site_title = "信访系统管理"
handler400 = "xinfang.front.views.bad_request"
handler403 = "xinfang.front.views.permission_denied"
handler404 = "xinfang.front.views.page_not_found"

urlpatterns = [
    path("", front.home, name="home"),
    path("healthz", front.healthz, name="healthz"),
    path("searches/", front.save_search, name="save_search"),
    path("searches/<int:pk>/delete/", front.delete_search, name="delete_search"),
    path("metrics", ops.metrics, name="metrics"),
    path("login/", auth_views.LoginView.as_view(template_name="front/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("xinfang.accounts.urls")),
    path("petitions/", include("xinfang.petitions.urls")),
    path("notifications/", include("xinfang.events.urls")),
    path("workflow/", include("xinfang.workflow.urls")),
    path("stats/", include("xinfang.stats.urls")),
    path("insight/", include("xinfang.insight.urls")),
    path("hotspots/", include("xinfang.hotspots.urls")),
    path("casework/", include("xinfang.casework.urls")),
    path("documents/", include("xinfang.documents.urls")),
    path("backlog/", include("xinfang.backlog.urls")),
    path("aid/", include("xinfang.aid.urls")),
    path("leadership/", include("xinfang.leadership.urls")),
    path("receptions/", include("xinfang.receptions.urls")),
    path("disputes/", include("xinfang.disputes.urls")),
    path("periods/", include("xinfang.periods.urls")),
    path("console/", include("xinfang.console.urls")),
    path("contacts/", include("xinfang.contacts.urls")),
    path("briefs/", include("xinfang.briefs.urls")),
    path("projects/", include("xinfang.projects.urls")),
    path("meetings/", include("xinfang.meetings.urls")),
    path("assessment/", include("xinfang.assessment.urls")),
    path("admin/", admin.site.urls),
    path("portal/", include("xinfang.portal.urls")),
    path("api/v1/", include("xinfang.api.urls")),
    path("open311/", include("xinfang.open311.urls")),
]
