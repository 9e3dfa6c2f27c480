"""`xinfang token create|revoke|list`: API tokens (stored hashed; shown once)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from xinfang.accounts.models import User
from xinfang.api import actions
from xinfang.api.models import ApiToken


class Command(BaseCommand):
    help = "Create, revoke or list API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="create a token; printed once, as the last word")
        create.add_argument("username")
        create.add_argument("--name", default="")
        revoke = sub.add_parser("revoke", help="revoke a token (the token or its prefix)")
        revoke.add_argument("token", nargs="?", default="")
        revoke.add_argument("--user", default="", help="revoke every token of this user")
        listing = sub.add_parser("list", help="list a user's tokens (prefixes only)")
        listing.add_argument("username")

    def handle(self, *args, verb, **options):
        return getattr(self, f"_{verb}")(**options) or ""

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        return user

    def _create(self, username, name, **_):
        user = self._user(username)
        if not user.is_active:
            raise CommandError(f"user {username!r} is inactive")
        _, plain = actions.create_token(user, name)
        self.stdout.write(f"API token for {username} (shown once, keep it secret): {plain}")

    def _revoke(self, token, user, **_):
        if user:
            qs = ApiToken.objects.filter(user=self._user(user))
        elif token:
            qs = ApiToken.objects.filter(key_hash=actions.hash_token(token))
            if not qs.exists():
                qs = ApiToken.objects.filter(prefix=token[:11]) if len(token) >= 8 else qs.none()
        else:
            raise CommandError("give a token (or its prefix) or --user USERNAME")
        if not qs.exists():
            raise CommandError("no such token")
        count = actions.revoke_tokens(qs)
        self.stdout.write(f"revoked {count} token(s)")

    def _list(self, username, **_):
        for row in ApiToken.objects.filter(user=self._user(username)):
            state = "revoked" if row.revoked_at else "active"
            used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "never"
            self.stdout.write(
                f"{row.prefix}…  {state}  created {row.created_at:%Y-%m-%d}  used {used}  {row.name}"
            )
