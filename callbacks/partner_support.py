"""Partner support wiring, the board and the URL: the picker and tab → ``crm.partners.board`` → the
view. Reading needs ``PARTNER_ROLES``; posting and marking done ``PARTNER_EDIT_ROLES`` (checked here on
the server, whatever the page showed). ``answer`` is shared with the funds and deals callbacks."""

from __future__ import annotations

import logging

from dash import Input, Output, State, callback, no_update
from flask_login import current_user

from components.access import PARTNER_EDIT_ROLES, PARTNER_ROLES, callback_for
from components.errors import error_alert, refusal, warehouse_error
from components.partner_support_view import board_list, notice_detail, ok, picked, url_search
from crm.partners import board
from crm.partners.support_inputs import partner_names
from data.warehouse import WarehouseUnavailable
from errors import KeyedError
from i18n import current_language, t

log = logging.getLogger(__name__)


def answer(compute, failed, problem_id: str):
    """``compute(lang)``'s outputs, or ``failed(alert)``'s when it is refused or fails (logged)."""
    lang = current_language()
    try:
        return compute(lang)
    except KeyedError as exc:
        return failed(refusal(exc, lang, id=problem_id))
    except WarehouseUnavailable as exc:
        return failed(warehouse_error(exc, lang))
    except Exception:  # the page stays usable; the traceback goes to the log
        log.exception("partner support failed")
        return failed(error_alert(lang))


def bump(count) -> int:
    return (count or 0) + 1


def decision_callbacks(name: str, decide, *, grid: str, key: str, message: str, changed: str, problem_id: str):
    """Approve and reject callbacks for the row picked in ``grid`` (the ``ps-<name>-approve`` /
    ``-reject`` buttons, the ``ps-<name>-reason`` field): ``decide(user, id, approve, reason)`` once,
    then a confirmation and a refresh of the tab. Returns (approve, reject)."""

    def decided(rows, reason, count, approve: bool):
        status = "approved" if approve else "rejected"

        def compute(lang):
            picked_id = rows[0][key] if rows else None
            decide(current_user.username, picked_id, approve, reason)
            said = t(
                f"partners.support.{name}.decided",
                lang,
                id=picked_id,
                status=t(f"partners.support.status.{status}", lang),
            )
            return ok(said, f"ps-{name}-decided"), bump(count)

        return answer(compute, lambda alert: (alert, no_update), problem_id)

    made = []
    for approve in (True, False):
        action = "approve" if approve else "reject"

        @callback(
            Output(message, "children", allow_duplicate=True), Output(changed, "data", allow_duplicate=True),
            Input(f"ps-{name}-{action}", "n_clicks"),
            State(grid, "selectedRows"), State(f"ps-{name}-reason", "value"), State(changed, "data"),
            prevent_initial_call=True,
        )  # fmt: skip
        @callback_for(*PARTNER_EDIT_ROLES)
        def one(_clicks, rows, reason, count, approve=approve):
            return decided(rows, reason, count, approve)

        one.__doc__ = f"{action.capitalize()} the {name} picked in the grid (rejecting needs a reason)."
        made.append(one)
    return tuple(made)


@callback(
    Output("ps-url", "search"), Input("ps-partner", "value"), Input("ps-tabs", "active_tab"),
    prevent_initial_call=True,
)  # fmt: skip
@callback_for(*PARTNER_ROLES)
def remember(partner, tab):
    """The picked partner and tab in the URL, so a link reopens them."""
    return url_search(partner, tab)


@callback(
    Output("ps-board-list", "children"),
    Input("ps-partner", "value"), Input("ps-board-changed", "data"),
)  # fmt: skip
@callback_for(*PARTNER_ROLES)
def show_board(partner, _changed):
    """The notices of the picked partner (and to all partners), or every visible one."""

    def compute(lang):
        user = current_user.username
        notices = board.list_notices(user, picked(partner))
        return board_list(notices, board.unread_counts(user), partner_names(), lang)

    return answer(compute, lambda alert: alert, "ps-board-problem")


@callback(
    Output("ps-board-message", "children"), Output("ps-board-changed", "data"),
    Output("ps-board-title", "value"), Output("ps-board-body", "value"),
    Input("ps-board-post", "n_clicks"),
    State("ps-partner", "value"), State("ps-board-kind", "value"), State("ps-board-title", "value"),
    State("ps-board-body", "value"), State("ps-board-changed", "data"),
    prevent_initial_call=True,
)  # fmt: skip
@callback_for(*PARTNER_EDIT_ROLES)
def post(_clicks, partner, kind, title, body, changed):
    """Post the form's notice to the picked partner (or all partners); the form empties on success."""

    def compute(lang):
        notice_id = board.post_notice(current_user.username, title, body, partner_id=picked(partner), kind=kind)
        return (
            ok(t("partners.support.board.posted_ok", lang, notice=notice_id), "ps-board-posted"),
            bump(changed),
            "",
            "",
        )

    return answer(compute, lambda alert: (alert, no_update, no_update, no_update), "ps-board-problem")


@callback(
    Output("ps-board-selected", "data"), Input("ps-board-grid", "selectedRows"), prevent_initial_call=True
)  # fmt: skip
@callback_for(*PARTNER_ROLES)
def select(rows):
    """The notice picked in the grid."""
    return rows[0]["notice_id"] if rows else None


@callback(
    Output("ps-board-detail", "children"), Output("ps-board-read", "disabled"), Output("ps-board-done", "disabled"),
    Input("ps-board-selected", "data"), Input("ps-board-changed", "data"),
    prevent_initial_call=True,
)  # fmt: skip
@callback_for(*PARTNER_ROLES)
def show_notice(selected, _changed):
    """The picked notice in full, refreshed after each change; its buttons as it allows."""
    if selected is None:
        return no_update, True, True

    def compute(lang):
        found = board.notice(selected, current_user.username)
        return notice_detail(found, partner_names(), lang), found.read_at is not None, found.done

    return answer(compute, lambda alert: (alert, True, True), "ps-board-problem")


@callback(
    Output("ps-board-message", "children", allow_duplicate=True),
    Output("ps-board-changed", "data", allow_duplicate=True),
    Input("ps-board-read", "n_clicks"), State("ps-board-selected", "data"), State("ps-board-changed", "data"),
    prevent_initial_call=True,
)  # fmt: skip
@callback_for(*PARTNER_ROLES)
def mark_read(_clicks, selected, changed):
    """The reader marks the picked notice read (for themselves)."""

    def compute(lang):
        board.mark_read(selected, current_user.username)
        return None, bump(changed)

    return answer(compute, lambda alert: (alert, no_update), "ps-board-problem")


@callback(
    Output("ps-board-message", "children", allow_duplicate=True),
    Output("ps-board-changed", "data", allow_duplicate=True),
    Input("ps-board-done", "n_clicks"), State("ps-board-selected", "data"), State("ps-board-changed", "data"),
    prevent_initial_call=True,
)  # fmt: skip
@callback_for(*PARTNER_EDIT_ROLES)
def mark_done(_clicks, selected, changed):
    """Mark the picked notice done (who and when are kept)."""

    def compute(lang):
        board.mark_done(selected, current_user.username)
        return ok(t("partners.support.board.done_ok", lang, notice=selected), "ps-board-done-ok"), bump(changed)

    return answer(compute, lambda alert: (alert, no_update), "ps-board-problem")
