"""The shared cast of the test suite.

Places: 怀化市 (city) with 鹤城区 and 中方县 below it.
People:
- alice: city bureau registrar (市信访局登记员), sees the whole city, authorised for 检举控告.
- frank: city bureau registrar, not authorised for 检举控告.
- bob: 鹤城区 bureau handler, sees 鹤城区 only.
- carol: 中方县 bureau handler, sees 中方县 only: must never see a 鹤城区 case.
- dave: handler at the city housing department (市住建局); sees only what is assigned to it.
- erin: handler at the city discipline commission (市纪委监委).
"""

from __future__ import annotations

import datetime as dt
import threading
from types import SimpleNamespace

import pytest

from xinfang.accounts.models import Role, User
from xinfang.classes.actions import load_classes
from xinfang.classes.models import ContentClass
from xinfang.intake import actions
from xinfang.lib import timesource
from xinfang.petitions.drafts import PetitionDraft, PetitionerDraft
from xinfang.regions.actions import create_unit, load_regions
from xinfang.regions.models import Level, Region, UnitKind

TODAY = dt.date(2026, 3, 10)
VALID_ID = "431202199003070019"  # 鹤城区, born 1990-03-07, male (order 001), checksum valid


@pytest.fixture(autouse=True)
def frozen_today():
    """Every test runs on 2026-03-10, 10:00 Beijing time, unless it freezes another moment."""
    with timesource.freeze(dt.datetime(2026, 3, 10, 10, 0, tzinfo=timesource.SHANGHAI)):
        yield


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """PBKDF2 at production strength costs ~0.3 s a user; tests need no such strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_second_factor_for_admins(settings):
    """Tests act as administrators through force_login; the gate has its own tests
    (accounts/tests/test_second_factor.py), which turn the requirement back on."""
    settings.XINFANG_OTP_REQUIRED_FOR_ADMINS = False


@pytest.fixture(autouse=True)
def attachment_root(tmp_path, settings):
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"
    return settings.ATTACHMENT_ROOT


def _load_reference() -> None:
    """The regions and content classes of the fixtures (148 rows)."""
    load_regions()
    load_classes()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference rows once per session: each test runs in a transaction that is
    rolled back, so every test starts from them as loaded."""
    with django_db_blocker.unblock():
        _load_reference()


@pytest.fixture
def places(db):
    # A transactional test (live server, threads) empties the tables when it ends.
    if not (Region.objects.exists() and ContentClass.objects.exists()):
        _load_reference()
    city = Region.objects.get(code="431200")
    hecheng = Region.objects.get(code="431202")
    zhongfang = Region.objects.get(code="431221")
    return SimpleNamespace(
        city=city,
        hecheng=hecheng,
        zhongfang=zhongfang,
        city_bureau=create_unit("怀化市信访局", UnitKind.BUREAU, city),
        hecheng_bureau=create_unit("鹤城区信访局", UnitKind.BUREAU, hecheng),
        zhongfang_bureau=create_unit("中方县信访局", UnitKind.BUREAU, zhongfang),
        housing=create_unit("怀化市住房和城乡建设局", UnitKind.DEPARTMENT, city),
        discipline=create_unit("中共怀化市纪律检查委员会", UnitKind.DISCIPLINE, city),
        urban=ContentClass.objects.get(code="1205"),  # 城乡建设 / 物业管理
        wages=ContentClass.objects.get(code="1102"),  # 劳动和社会保障 / 工资福利
    )


def _user(username, role, unit, region=None, **extra) -> User:
    user = User.objects.create_user(
        username, password="pw-" + username, role=role, unit=unit, region=region, **extra
    )
    user.full_name = username.capitalize()
    user.save()
    return user


@pytest.fixture
def cast(places):
    p = places
    return SimpleNamespace(
        alice=_user("alice", Role.REGISTRAR, p.city_bureau, p.city, may_handle_accusations=True),
        frank=_user("frank", Role.REGISTRAR, p.city_bureau, p.city),
        bob=_user("bob", Role.HANDLER, p.hecheng_bureau, p.hecheng),
        carol=_user("carol", Role.HANDLER, p.zhongfang_bureau, p.zhongfang),
        dave=_user("dave", Role.HANDLER, p.housing),
        erin=_user("erin", Role.HANDLER, p.discipline),
    )


@pytest.fixture
def grace(places):
    """A supervisor (督查) of the city bureau over the whole city, kept out of the cast so that
    who hears of 重大紧急 petitions stays as the other tests expect."""
    return _user("grace", Role.SUPERVISOR, places.city_bureau, places.city)


@pytest.fixture
def draft(places):
    """A builder of valid drafts: a one-person visit about 鹤城区 property management."""

    def build(**overrides) -> PetitionDraft:
        people = overrides.pop("petitioners", None)
        values = dict(
            channel="visit",
            received_on=TODAY,
            level=Level.CITY,
            region=places.hecheng,
            content_class=places.urban,
            title="小区电梯长期停运无人维修",
            content="我们小区3栋电梯停运半年，物业公司拒不维修，老人上下楼困难。",
            demands="请督促物业公司尽快修复电梯",
            purpose="request",
        )
        values.update(overrides)
        if people is None:
            people = [
                PetitionerDraft(
                    name="张建国", id_number=VALID_ID, phone="13807451234", is_main=True
                )
            ]
        return PetitionDraft(petitioners=people, **values)

    return build


@pytest.fixture
def register(cast, draft):
    """Register a petition as alice (or `actor`) and return it."""

    def run(actor=None, **overrides):
        return actions.register_petition(actor or cast.alice, draft(**overrides)).petition

    return run


def at_once(work, times: int = 2) -> tuple[list, list[Exception]]:
    """Run `work()` in `times` threads released together, each on its own database
    connection (PostgreSQL: SQLite queues writers, so they could not race).
    Returns what the calls returned and what they raised."""
    from django.db import connection

    start, results, errors = threading.Barrier(times), [], []

    def run():
        try:
            start.wait(timeout=10)
            results.append(work())
        except Exception as exc:  # reported to the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; browser tests skip (saying why) without it."""
    import os
    import shutil

    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        pytest.skip(
            "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # tests themselves are still plain synchronous code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.base_url = live_server.url
    yield tab
    context.close()


WIDTHS = [375, 768, 1366]  # a phone, a tablet held upright, a desk's screen


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    """Save a screenshot as $XINFANG_SCREENSHOTS/<name>.png when that is set: the whole page,
    or only the window (`full_page=False`, for a modal dialog, drawn over the window only).

    The page is scrolled to its top first: on a phone the menu strip is sticky, and a
    full-page picture taken further down draws it across the middle of the page."""
    import os

    if folder := os.environ.get("XINFANG_SCREENSHOTS"):
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=f"{folder}/{name}.png", full_page=full_page)


def assert_fits(page, where: str = "") -> None:
    """Nothing makes the page itself scroll sideways at the window's width (a wide table
    may still scroll inside its own box). Call it once the step's page shows: it measures
    the page there is."""
    page.wait_for_load_state()
    wide, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert wide <= window + 1, f"{where or page.url} is {wide} px wide in a {window} px window"


def settle(page) -> None:
    """Wait until the panels that htmx loads with the page (the case page's) have arrived: a
    request still running when a test ends would reach a database being emptied."""
    page.wait_for_function("() => !document.querySelector('[hx-trigger=load], .htmx-request')")


def stub_print(page) -> None:
    """Count calls to window.print instead of opening the print dialog (see `printed`)."""
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")


def printed(page) -> int:
    """How often the page asked to print since `stub_print`."""
    return page.evaluate("() => window.printed")


@pytest.fixture
def login(page):
    """Log `user` in through the login form (password is 'pw-' + username)."""

    def run(user):
        page.goto(page.base_url + "/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "pw-" + user.username)
        page.click("button[type=submit]")
        page.wait_for_url(page.base_url + "/")

    return run


@pytest.fixture
def var_dir(settings, tmp_path):
    """A fresh var/ for the content-class models, the process's cached model dropped before
    and after (it would otherwise outlive the test that trained it)."""
    from xinfang.insight import classifier

    settings.VAR_DIR = tmp_path / "var"
    classifier.forget_cached_model()
    yield settings.VAR_DIR
    classifier.forget_cached_model()
