"""Template context shared by every staff page: the left navigation for the user's role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xinfang.accounts.models import Role
from xinfang.assessment.queries import may_view as may_view_assessment
from xinfang.briefs.queries import may_read as may_read_briefs
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


@dataclass(frozen=True)
class NavSection:
    """A labelled group of the menu; shown only when the user may open one of its items."""

    label: str
    items: tuple[NavItem, ...]

    def shown_to(self, user) -> NavSection | None:
        items = tuple(item for item in self.items if item.shown_to(user))
        return NavSection(self.label, items) if items else None


def _may_register(user) -> bool:
    return user.may_register


def _works_bureau_lists(user) -> bool:
    """A department's handler works on their cases' pages; the bureau's lists are not theirs."""
    return not (user.role == Role.HANDLER and not (user.unit_id and user.unit.is_bureau))


LEADERS = (Role.LEADER, Role.SUPERVISOR, Role.ADMIN)
# Listed, unlike an empty tuple: an account without a role (unless a superuser) sees none.
ALL_ROLES = (Role.LEADER, Role.SUPERVISOR, Role.REGISTRAR, Role.HANDLER, Role.ADMIN)

NAVIGATION = (
    NavSection("日常办理", (
        NavItem("工作台", "home"),
        NavItem("登记信访件", "petitions:register", (Role.REGISTRAR, Role.HANDLER, Role.ADMIN),
                allowed=_may_register),
        NavItem("信访件查询", "petitions:list"),
        NavItem("本单位待办", "workflow:inbox"),
    )),
    NavSection("领导包案", (
        NavItem("包案统计", "casework:counts", LEADERS),
        NavItem("领导交办", "casework:handovers", LEADERS),
        NavItem("积案化解", "backlog:list", ALL_ROLES, allowed=_works_bureau_lists),
        NavItem("化解活动", "backlog:campaigns", LEADERS),
        NavItem("救助帮扶", "aid:list", ALL_ROLES, allowed=_works_bureau_lists),
        NavItem("领导接访", "receptions:list", ALL_ROLES),
        NavItem("坐班排班", "receptions:rotas",
                (Role.LEADER, Role.REGISTRAR, Role.SUPERVISOR, Role.ADMIN)),
    )),
    NavSection("基层治理", (
        # Every role: township and department staff record them, leaders read them.
        NavItem("矛盾纠纷排查", "disputes:ledger"),
        NavItem("特护期", "periods:list", ALL_ROLES, allowed=works_periods),
        NavItem("挂点项目", "projects:list"),
        NavItem("联席会议", "meetings:list"),
        NavItem("目标考核", "assessment:index", LEADERS, allowed=may_view_assessment),
    )),
    NavSection("统计研判", (
        NavItem("统计分析", "stats:dashboard", allowed=may_view_statistics),
        NavItem("热点问题", "hotspots:list"),
        NavItem("信息简报", "briefs:list", ALL_ROLES, allowed=may_read_briefs),
    )),
    NavSection("系统", (
        NavItem("便民一卡通", "contacts:card",
                (Role.ADMIN, Role.SUPERVISOR, Role.LEADER, Role.REGISTRAR)),
        NavItem("文号格式", "documents:patterns", PATTERN_EDITORS, allowed=may_edit_patterns),
        NavItem("领导名录", "casework:leaders", (Role.ADMIN,)),
        NavItem("查看记录", "petitions:audit", (Role.SUPERVISOR, Role.ADMIN)),
        NavItem("系统管理", "console:index", (Role.ADMIN,)),
    )),
)  # fmt: skip


def sections_for(user) -> list[NavSection]:
    """The menu `user` is shown: each section with only the items they may open."""
    return [shown for section in NAVIGATION if (shown := section.shown_to(user))]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return {
        "nav_sections": sections_for(user),
        "nav_current": current,
        "unread_notifications": unread_count(user),
    }
