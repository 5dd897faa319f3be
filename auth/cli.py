"""Manage users from the shell.

python -m auth.cli add NAME --role ROLE [--password PW]   (asks when omitted)
    ROLE: executive (or exec), marketer (marketing), partner_manager (partners), analyst, admin
python -m auth.cli reset NAME [--password PW]
python -m auth.cli set-role NAME ROLE
python -m auth.cli disable NAME | enable NAME
python -m auth.cli list
python -m auth.cli partners NAME [--set ID,ID…]   (a partner manager's partners; --set '' clears them)
"""

from __future__ import annotations

import argparse
import getpass
import sys

from auth import ROLES
from auth import users as u
from data import opstore


def _password(given: str | None) -> str:
    if given:
        return given
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise u.UserError("The two passwords differ.")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m auth.cli", description="Manage XRM users.")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="add a user")
    add.add_argument("username")
    add.add_argument("--role", required=True, help=f"one of {', '.join(ROLES)} (exec, marketing, partners also work)")
    add.add_argument("--password")
    add.add_argument("--name", default="")
    reset = sub.add_parser("reset", help="set a new password")
    reset.add_argument("username")
    reset.add_argument("--password")
    role = sub.add_parser("set-role", help="change a user's role")
    role.add_argument("username")
    role.add_argument("role", help=f"one of {', '.join(ROLES)}")
    for name in ("disable", "enable"):
        sub.add_parser(name, help=f"{name} a user").add_argument("username")
    sub.add_parser("list", help="list users")
    partners = sub.add_parser("partners", help="show or set the partners a partner manager sees")
    partners.add_argument("username")
    partners.add_argument("--set", dest="ids", metavar="ID,ID…", help="replace the assignment ('' clears it)")
    args = parser.parse_args(argv)
    if args.command == "partners":
        return _partners(args.username, args.ids)
    try:
        if args.command in ("add", "set-role"):
            args.role = u.resolve_role(args.role)  # before the password prompt: a typo fails at once
        if args.command == "add":
            u.add_user(args.username, _password(args.password), args.role, args.name)
            opstore.audit("cli", "user.add", args.username, f"role={args.role}")
        elif args.command == "reset":
            u.set_password(args.username, _password(args.password))
            opstore.audit("cli", "user.reset_password", args.username)
        elif args.command == "set-role":
            u.set_role(args.username, args.role)
            opstore.audit("cli", "user.set_role", args.username, f"role={args.role}")
        elif args.command in ("disable", "enable"):
            u.set_active(args.username, args.command == "enable")
            opstore.audit("cli", f"user.{args.command}", args.username)
        else:
            for row in u.list_users():
                state = "" if row["active"] else "  (disabled)"
                print(f"{row['username']:<20} {row['role']:<16}{state}")
            return 0
    except u.UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("ok")
    return 0


def _partners(username: str, ids: str | None) -> int:
    """Print a partner manager's partners, or replace them (exit code 2 for a refusal)."""
    from crm.partners import PartnerError
    from crm.partners.access import assigned_partners, set_assignment

    try:
        if ids is not None:
            set_assignment(username, ids, actor="cli")
        elif u.get_user(username) is None:
            raise PartnerError("partners.error.no_user", user=username)
    except PartnerError as exc:
        print(f"error: {exc.message('en')}", file=sys.stderr)
        return 2
    assigned = sorted(assigned_partners(username))
    print(",".join(str(p) for p in assigned) if assigned else "(no partners assigned: this user sees none)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
