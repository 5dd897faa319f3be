"""Download route of the campaign planner's contact files, for the roles that plan campaigns.

``/campaigns/plan/<plan id>/<file>.csv``: only a file the plan's launch wrote (its name is checked
against the launch's summary, so no other path can be asked for). Login is enforced by the global
guard (auth/web.py); the role here, on the server. Every download goes into the audit log.
"""

from __future__ import annotations

from flask import Flask, Response, send_file
from flask_login import current_user

from components.access import has_role
from components.campaign_plan_form import PLAN_ROLES
from crm.campaigns.launch import contact_file
from data import opstore
from i18n import current_language, t


def _text(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain", headers={"Cache-Control": "no-store"})


def register(server: Flask) -> None:
    """Add the contact-file route to the Flask server."""

    @server.route("/campaigns/plan/<int:plan_id>/<name>")
    def campaign_contact_file(plan_id: int, name: str):
        lang = current_language()
        if not has_role(PLAN_ROLES):
            return _text(t("campaign.plan.file_forbidden", lang), 403)
        path = contact_file(plan_id, name)
        if path is None:
            return _text(t("campaign.plan.file_unknown", lang), 404)
        opstore.audit(current_user.username, "campaign.contact_file", f"#{plan_id}/{name}")
        response = send_file(path, mimetype="text/csv", as_attachment=True, download_name=f"plan-{plan_id}-{name}")
        response.headers["Cache-Control"] = "no-store"
        return response
