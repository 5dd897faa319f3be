"""Render pages as dash-renderer does, through the Flask test client: the page router's callback,
then every server callback the rendered layout fires on load, then the ones their outputs trigger.

Enumerated from the app (the page registry, Dash's callback list), never listed by hand; shared by
the security fuzz and payload suites (issue 13, item 4)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

ROUTER = {
    "output": ".._pages_content.children..._pages_store.data..",
    "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
}
# what an SQL engine or Python says when an error escapes to the client
LEAK = re.compile(
    r"Binder Error|Parser Error|Catalog Error|Conversion Error|Invalid Input Error|Constraint Error|"
    r"Out of Range Error|syntax error|Traceback \(most recent|duckdb\.|_duckdb|sqlite3\.|OperationalError|"
    r"ProgrammingError|psycopg",
)


# Clientside callbacks that chain server callbacks: what a changed property sets in the browser.
# Explore's insights are asked for once the view is drawn (assets/explore.js ``drawn``).
CLIENT_CHAINS = {
    "explore-graph.figure": ("explore-drawn", "data"),
    "explore-pivot.rowData": ("explore-drawn", "data"),
    "explore-detail.rowData": ("explore-drawn", "data"),
}


def page_paths(dash_app) -> list[tuple[str, tuple[str, ...]]]:
    """(path, the roles it is for) of every registered page."""
    import dash

    return [(p["path"], tuple(p.get("roles") or ())) for p in dash.page_registry.values()]


def router_body(path: str, search: str) -> dict:
    return {
        **ROUTER,
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
    }


def server_callbacks(dash_app) -> list[dict]:
    """Every server callback with plain (not pattern-matching) ids: its key, outputs, inputs, state,
    whether it fires on load and whether it is a background job."""
    from dash import _callback

    registered = {**_callback.GLOBAL_CALLBACK_MAP, **dash_app.callback_map}
    listed = {c["output"]: c for c in [*_callback.GLOBAL_CALLBACK_LIST, *dash_app._callback_list]}
    out = []
    for key, spec in registered.items():
        if spec.get("callback") is None or "_pages_content.children" in key or key.startswith("{"):
            continue
        deps = spec["inputs"] + spec.get("state", [])
        parts = key[2:-2].split("...") if key.startswith("..") else [key]
        if any(not isinstance(d["id"], str) or d["id"].startswith("{") for d in deps) or any(
            p.startswith("{") for p in parts
        ):  # pattern-matching ids (dash-renderer sends lists of matches for them)
            continue
        outputs = [dict(zip(("id", "property"), p.split("@")[0].rsplit(".", 1), strict=True)) for p in parts]
        meta = listed.get(key, {})
        out.append(
            {
                "key": key,
                "multi": key.startswith(".."),
                "outputs": outputs,
                "inputs": spec["inputs"],
                "state": spec.get("state", []),
                "on_load": not meta.get("prevent_initial_call", False),
                "background": bool(spec.get("background")),
            }
        )
    return out


def components(tree, found: dict | None = None) -> dict:
    """{component id: its props} of every component with a plain id in a layout's JSON."""
    found = {} if found is None else found
    if isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and "type" in tree:
            if isinstance(props.get("id"), str):
                found[props["id"]] = props
            for value in props.values():
                components(value, found)
        else:
            for value in tree.values():
                components(value, found)
    elif isinstance(tree, list):
        for item in tree:
            components(item, found)
    return found


class Visit:
    """One page view: every answer the server gave (key, status, text) in order."""

    def __init__(self, path: str, search: str):
        self.path, self.search = path, search
        self.answers: list[tuple[str, int, str]] = []
        self.props: dict[str, dict] = {}

    @property
    def text(self) -> str:
        return "\n".join(text for _, _, text in self.answers)

    def failures(self) -> list[str]:
        """Answers a person should never get: a 5xx, an SQL/Python error, the generic error alert."""
        bad = []
        for key, status, text in self.answers:
            if status >= 500:
                bad.append(f"{status} from {key}")
            elif LEAK.search(text):
                bad.append(f"error text from {key}: {LEAK.search(text).group(0)}")
            elif '"generic-error"' in text:
                bad.append(f"an unexpected failure shown by {key}")
        return bad


def _body(cb: dict, props: dict) -> dict:
    def value(dep):
        return {**dep, "value": props.get(dep["id"], {}).get(dep["property"])}

    return {
        "output": cb["key"],
        "outputs": cb["outputs"] if cb["multi"] else cb["outputs"][0],
        "inputs": [value(d) for d in cb["inputs"]],
        "state": [value(d) for d in cb["state"]],
        "changedPropIds": [f"{d['id']}.{d['property']}" for d in cb["inputs"]],
    }


def visit(client, dash_app, url: str, callbacks: list[dict] | None = None, rounds: int = 3) -> Visit:
    """Open ``url`` as the browser would: the router, then the load callbacks of the layout it returned,
    then (``rounds`` times) the callbacks whose inputs those answers changed. Background jobs are not
    started (they are refused or run by their own tests)."""
    parts = urlsplit(url)
    search = f"?{parts.query}" if parts.query else ""
    seen = Visit(parts.path, search)
    answer = client.post("/_dash-update-component", json=router_body(parts.path, search))
    seen.answers.append(("router", answer.status_code, answer.get_data(as_text=True)))
    if answer.status_code != 200:
        return seen
    layout = answer.get_json()["response"]["_pages_content"]["children"]
    props = components(layout)
    props["_pages_location"] = {"pathname": parts.path, "search": search}
    seen.props = props
    callbacks = server_callbacks(dash_app) if callbacks is None else callbacks
    runnable = [c for c in callbacks if not c["background"]]
    fired: set[str] = set()
    due = [c for c in runnable if c["on_load"] and all(d["id"] in props for d in c["inputs"])]
    for _ in range(rounds):
        changed: set[str] = set()
        for cb in due:
            if cb["key"] in fired:
                continue
            fired.add(cb["key"])
            answer = client.post("/_dash-update-component", json=_body(cb, props))
            text = answer.get_data(as_text=True)
            seen.answers.append((cb["key"], answer.status_code, text))
            if answer.status_code != 200:
                continue
            for cid, values in (answer.get_json() or {}).get("response", {}).items():
                for prop, value in values.items():
                    props.setdefault(cid, {})[prop] = value
                    changed.add(f"{cid}.{prop}")
                    if isinstance(value, (dict, list)):
                        components(value, props)  # components the answer added
                    chained = CLIENT_CHAINS.get(f"{cid}.{prop}")
                    if chained and chained[0] in props:
                        props[chained[0]][chained[1]] = len(seen.answers)
                        changed.add(".".join(chained))
        due = [
            c
            for c in runnable
            if c["key"] not in fired
            and any(f"{d['id']}.{d['property']}" in changed for d in c["inputs"])
            and all(d["id"] in props for d in c["inputs"])
        ]
        if not due:
            break
    return seen


def json_strings(text: str) -> list[str]:
    """Every string value inside a JSON answer."""
    out: list[str] = []

    def walk(node):
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    try:
        walk(json.loads(text))
    except ValueError:
        pass
    return out
