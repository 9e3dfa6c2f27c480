"""Template context shared by every staff page: the left navigation for the user's role."""

from __future__ import annotations

from dataclasses import dataclass

from xinfang.accounts.models import Role
from xinfang.events.queries import unread_count


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()  # empty: every role

    def shown_to(self, user) -> bool:
        return not self.roles or user.role in self.roles or user.is_superuser


NAVIGATION = (
    NavItem("工作台", "home"),
    NavItem("包案统计", "casework:counts", (Role.LEADER, Role.SUPERVISOR, Role.ADMIN)),
    NavItem("领导交办", "casework:handovers", (Role.LEADER, Role.SUPERVISOR, Role.ADMIN)),
    NavItem("登记信访件", "petitions:register", (Role.REGISTRAR, Role.HANDLER, Role.ADMIN)),
    NavItem("信访件查询", "petitions:list"),
    NavItem("本单位待办", "workflow:inbox"),
    NavItem("统计分析", "stats:dashboard"),
    NavItem("热点问题", "hotspots:list"),
    NavItem("矛盾纠纷排查", "disputes:ledger"),
    NavItem("查看记录", "petitions:audit", (Role.SUPERVISOR, Role.ADMIN)),
    NavItem("领导名录", "casework:leaders", (Role.ADMIN,)),
    NavItem("系统管理", "admin:index", (Role.ADMIN,)),
)


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [item for item in NAVIGATION if item.shown_to(user)]
    if "petitions:register" in [i.url_name for i in items] and not user.may_register:
        items = [i for i in items if i.url_name != "petitions:register"]
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return {"nav_items": items, "nav_current": current, "unread_notifications": unread_count(user)}
