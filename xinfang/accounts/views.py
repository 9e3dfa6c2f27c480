"""Second factor (TOTP) pages: set it up, give a code after the password, turn it off."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from xinfang.accounts.forms import CodeForm
from xinfang.accounts.middleware import second_factor_required

WRONG_CODE = "验证码不正确或已过期：请确认手机时间准确，输入验证器当前显示的6位数字"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a username and address have failed too often."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "front/locked.html", context, status=429)


def _allowed(device: TOTPDevice, form: CodeForm) -> bool:
    """django-otp slows guessing down after a wrong code: say how long to wait."""
    allowed, why = device.verify_is_allowed()
    if not allowed:
        wait = 2 ** ((why or {}).get("failure_count", 1) - 1)  # django-otp: 1, 2, 4 … s
        form.add_error("code", f"验证码错误后需稍候：请{wait}秒后再输入")
    return allowed


@login_required
def setup(request):
    """Show a new key as a QR code and its text; a correct code from the app confirms it."""
    if user_has_device(request.user, confirmed=True):
        return redirect("accounts:otp-status")
    # One pending key per user, kept until confirmed, so a reload shows the same QR code.
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "验证器"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _allowed(device, form):
        if device.verify_token(form.cleaned_code()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, "已启用双因素登录：以后登录时需输入验证器中的动态验证码")
            return redirect(_next(request))
        form.add_error("code", WRONG_CODE)
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr": mark_safe(qr.svg_inline(scale=4, title="扫描此二维码添加到验证器")),  # noqa: S308
        "secret": device.config_url.split("secret=", 1)[1].split("&", 1)[0],
        "required": second_factor_required(request.user),
        "next": _next(request),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
def verify(request):
    """After the password: the code from the user's app, then the page they asked for."""
    form = CodeForm(request.POST or None)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if request.method == "POST" and form.is_valid() and device and _allowed(device, form):
        if device.verify_token(form.cleaned_code()):
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", WRONG_CODE)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
def status(request):
    devices = TOTPDevice.objects.filter(user=request.user, confirmed=True)
    return render(
        request,
        "accounts/otp_status.html",
        {
            "devices": devices,
            "required": second_factor_required(request.user),
            "form": CodeForm(),
        },
    )


@login_required
@require_POST
def disable(request):
    """Turn the second factor off with a current code; administrators cannot."""
    if second_factor_required(request.user):
        messages.error(request, "管理员必须启用双因素登录，不能关闭")
        return redirect("accounts:otp-status")
    form = CodeForm(request.POST)
    if not form.is_valid() or match_token(request.user, form.cleaned_code()) is None:
        messages.error(request, WRONG_CODE)
        return redirect("accounts:otp-status")
    TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(request, "已关闭双因素登录")
    return redirect("accounts:otp-status")
