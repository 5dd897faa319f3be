"""The import page's callbacks as plain functions (vizro style): an admin, a tiny upload, each step called directly."""

from __future__ import annotations

import base64
import json

import pytest
from dash import no_update
from plotly.utils import PlotlyJSONEncoder

from components import import_view as view
from data import import_session as session
from data.importer import ImportProblem

CSV = b"customer,order_date,amount\nA,2025-01-01,10\nB,2025-01-02,-5\n"


def data_url(data: bytes) -> str:
    return "data:text/csv;base64," + base64.b64encode(data).decode()


def text(component) -> str:
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


@pytest.fixture
def admin(dash_app):
    from flask import session as flask_session
    from flask_login import login_user

    from auth.users import get_user

    with dash_app.server.test_request_context("/admin/import"):
        login_user(get_user("u_admin"))
        flask_session["lang"] = "en"
        yield "u_admin"


def test_a_too_large_upload_says_the_pages_limit_in_words():
    alert = view.problem(ImportProblem("import.too_large", size=3 * 1024**2, limit=1024**2), "en")
    body = text(alert)
    assert "The file is 3 MB, more than the page accepts (1 MB)" in body and "imp-problem" in body


def test_a_bad_encoding_says_how_to_choose_another():
    alert = view.problem(ImportProblem("import.bad_encoding", encoding="utf-8", offset=3), "ko")
    assert "올바른 utf-8" in text(alert) and "인코딩을 선택하세요" in text(alert)


def test_a_gone_import_and_a_refusal_and_a_bug_each_say_something_else():
    assert "imp-expired" in text(view.failure(KeyError("gone"), "en"))
    assert "imp-problem" in text(view.failure(ImportProblem("import.no_rows"), "en"))
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        assert "generic-error" in text(view.failure(exc, "en"))


@pytest.mark.parametrize(("fraction", "key"), [(0.1, "reading"), (0.7, "writing"), (0.8, "aggregates"), (0.9, "scores"),
                                                (0.97, "publishing"), (1.0, "done")])  # fmt: skip
def test_progress_is_said_in_the_pages_words(fraction, key):
    assert view.step_key(fraction) == f"import_page.progress.{key}"
    assert view.progress(fraction, "en")[0] == round(fraction * 100)


def test_the_steps_as_plain_functions(admin, tiny_published):
    from callbacks.admin_import import check_mapping, download_report, import_history, run_validation

    token, state, mapping = session.receive(admin, None, "upload", "order_lines", "auto", ("o.csv", data_url(CSV)))
    assert state.source.columns == ["customer", "order_date", "amount"]
    choices = [mapping.columns.get(c) or session.SKIP for c in state.source.columns]
    check = check_mapping(choices, "auto", token, None, True, None, "order_lines")
    assert "imp-mapping-ok" in text(check[0]) and check[1] is False
    out = run_validation(1, token, "order_lines", choices, "auto", "auto", True, None, "keep", None, "")
    assert "imp-summary" in text(out[0])
    assert isinstance(import_history(None), list)
    assert download_report(1, "0" * 24) is not None  # a gone import: nothing to download (no_update)
    session.finish(token, admin)


def test_a_saved_mapping_is_named_and_a_blank_name_saves_nothing(admin, tiny_published):
    token, state, mapping = session.receive(admin, None, "upload", "order_lines", "auto", ("o.csv", data_url(CSV)))
    fields = tuple(mapping.columns.get(c) or session.SKIP for c in state.source.columns)
    assert session.save_choices("  ", token, admin, session.Choices("order_lines", fields)) == ""
    assert session.save_choices(" plain ", token, admin, session.Choices("order_lines", fields)) == "plain"
    assert "plain" in session.saved_names("order_lines") and "plain" not in session.saved_names("customers")
    saved, applied, missing = session.apply_saved(token, admin, "plain")
    assert (saved.entity, tuple(applied), missing) == ("order_lines", fields, 0)
    other = view.saved_outputs("plain", (saved, applied, missing), "customers", 3, "en")
    assert other[:3] == ([no_update] * 3, no_update, no_update) and "is for Order lines" in text(other[3])
    same = view.saved_outputs("plain", (saved, applied, missing), "order_lines", 3, "en")
    assert same[:3] == (applied, "auto", "auto")
    session.finish(token, admin)


def test_every_importable_field_has_words_in_both_languages():
    """Issue 17 item 9: the mapping names fields in words ("Customer · customer_id"), not raw names."""
    from components.import_view import field_label
    from data.importer.entities import ENTITIES
    from i18n.translations import TRANSLATIONS

    names = {f.name for e in ENTITIES.values() for f in e.fields}
    missing = sorted(n for n in names if f"import_page.field.{n}" not in TRANSLATIONS)
    assert not missing
    assert field_label("customer_id", "en") == "Customer · customer_id"
    assert field_label("customer_id", "ko") == "고객 · customer_id"


MOSTLY_BAD = b"customer,order_date,amount\nA,2025-01-01,10\nB,next week,5\nC,soon,7\nD,2025-13-45,3\n"


def test_loading_is_off_when_most_rows_fail_and_the_page_says_why(admin, tiny_published):
    """Issue 17 item 9: 3 of 4 rows with problems — a load would set most of the file aside: the load
    button stays disabled and the page names the loss and what to check; half bad still loads."""
    from callbacks.admin_import import run_validation

    def validate(data: bytes):
        token, state, mapping = session.receive(admin, None, "upload", "order_lines", "auto", ("o.csv", data_url(data)))
        choices = [mapping.columns.get(c) or session.SKIP for c in state.source.columns]
        out = run_validation(1, token, "order_lines", choices, "auto", "auto", True, None, "keep", None, "")
        session.finish(token, admin)
        return out

    summary, _, disabled = validate(MOSTLY_BAD)
    assert disabled is True
    assert "imp-mostly-bad" in text(summary) and "3 of 4 rows (75%) have problems" in text(summary)
    summary, _, disabled = validate(CSV + b"C,later,4\n")  # 1 of 3 bad: the choice stays the user's
    assert disabled is False and "imp-mostly-bad" not in text(summary)
