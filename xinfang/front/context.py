"""Template context shared by every staff page: the left navigation for the user's role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xinfang.accounts.models import Role
from xinfang.assessment.queries import may_view as may_view_assessment
from xinfang.documents.queries import PATTERN_EDITORS, may_edit_patterns
from xinfang.events.queries import unread_count
from xinfang.periods.queries import works_periods
from xinfang.stats.queries import may_view_statistics


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()  # empty: every role
    # The page's own access rule, when it has one beyond the role: the menu never shows a
    # link that would answer 403 (the statistics are for bureau staff with a region).
    allowed: Callable[[object], bool] | None = None

    def shown_to(self, user) -> bool:
        if self.allowed is not None and not self.allowed(user):
            return False
        return not self.roles or user.role in self.roles or user.is_superuser


NAVIGATION = (
    NavItem("工作台", "home"),
    NavItem("包案统计", "casework:counts", (Role.LEADER, Role.SUPERVISOR, Role.ADMIN)),
    NavItem("领导交办", "casework:handovers", (Role.LEADER, Role.SUPERVISOR, Role.ADMIN)),
    NavItem(
        "积案化解",
        "backlog:list",
        (Role.LEADER, Role.SUPERVISOR, Role.REGISTRAR, Role.HANDLER, Role.ADMIN),
    ),
    NavItem("化解活动", "backlog:campaigns", (Role.LEADER, Role.SUPERVISOR, Role.ADMIN)),
    NavItem(
        "救助帮扶",
        "aid:list",
        (Role.LEADER, Role.SUPERVISOR, Role.REGISTRAR, Role.HANDLER, Role.ADMIN),
    ),
    NavItem(
        "领导接访",
        "receptions:list",
        (Role.LEADER, Role.REGISTRAR, Role.HANDLER, Role.SUPERVISOR, Role.ADMIN),
    ),
    NavItem(
        "坐班排班", "receptions:rotas", (Role.LEADER, Role.REGISTRAR, Role.SUPERVISOR, Role.ADMIN)
    ),
    NavItem(
        "特护期",
        "periods:list",
        (Role.LEADER, Role.SUPERVISOR, Role.REGISTRAR, Role.HANDLER, Role.ADMIN),
        allowed=works_periods,
    ),
    NavItem(
        "目标考核",
        "assessment:index",
        (Role.LEADER, Role.SUPERVISOR, Role.ADMIN),
        allowed=may_view_assessment,
    ),
    NavItem("登记信访件", "petitions:register", (Role.REGISTRAR, Role.HANDLER, Role.ADMIN)),
    NavItem("信访件查询", "petitions:list"),
    NavItem("本单位待办", "workflow:inbox"),
    NavItem("统计分析", "stats:dashboard", allowed=may_view_statistics),
    NavItem("热点问题", "hotspots:list"),
    NavItem("矛盾纠纷排查", "disputes:ledger"),
    # Every role: township and department staff record them, leaders read them.
    NavItem("挂点项目", "projects:list"),
    NavItem("联席会议", "meetings:list"),
    NavItem("查看记录", "petitions:audit", (Role.SUPERVISOR, Role.ADMIN)),
    NavItem("文号格式", "documents:patterns", PATTERN_EDITORS, allowed=may_edit_patterns),
    NavItem("领导名录", "casework:leaders", (Role.ADMIN,)),
    NavItem(
        "信息简报",
        "briefs:list",
        (Role.ADMIN, Role.SUPERVISOR, Role.LEADER, Role.REGISTRAR, Role.HANDLER),
    ),
    NavItem(
        "便民一卡通", "contacts:card", (Role.ADMIN, Role.SUPERVISOR, Role.LEADER, Role.REGISTRAR)
    ),
    NavItem("系统管理", "console:index", (Role.ADMIN,)),
)


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [item for item in NAVIGATION if item.shown_to(user)]
    if "petitions:register" in [i.url_name for i in items] and not user.may_register:
        items = [i for i in items if i.url_name != "petitions:register"]
    if user.role == Role.HANDLER and not (user.unit_id and user.unit.is_bureau):
        # A department's handler works on their cases' pages; the bureau's lists are not theirs.
        items = [i for i in items if i.url_name not in ("backlog:list", "aid:list")]
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return {"nav_items": items, "nav_current": current, "unread_notifications": unread_count(user)}
