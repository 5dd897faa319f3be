"""Locust journeys against a running XRM (``bench/bench_load.py`` starts ``make serve`` and runs this).

Each simulated person does what a person does, as their browser would ask it: signs in through the
form (with its CSRF token), opens the dashboard (the shell, Dash's layout and dependencies, the
dashboard's callback), drills five times in Explore (the chart callback for five states), counts a
segment (the segment builder's count), and downloads the view as CSV. Callback payloads are built
from ``/_dash-dependencies``, as the browser builds them, so they follow the app as it changes.
"""

from __future__ import annotations

import json
import os
import random
import re

from locust import HttpUser, between, task

USER = os.environ.get("XRM_LOAD_USER", "loadtester")
PASSWORD = os.environ.get("XRM_LOAD_PASSWORD", "load-pass-123")
DRILLS = [
    {"m": ["revenue"], "r": "geo.region", "p": "2025"},
    {"m": ["revenue"], "r": "geo.country", "f.geo.region": ["Asia"], "p": "2025"},
    {"m": ["revenue", "orders"], "r": "product.category", "p": "2025-Q4"},
    {"m": ["revenue"], "r": "product.subcategory", "f.product.category": ["Cookware"], "p": "2025"},
    {"m": ["revenue"], "r": "time.month", "p": "2025"},
    {"m": ["gross_margin"], "r": "channel.channel", "p": "2024"},
    {"m": ["revenue"], "r": "customer.segment", "p": "L12M"},
]
SEGMENTS = [
    {"op": "and", "rules": [{"field": "region", "cmp": "in", "value": ["Asia"]}]},
    {"op": "and", "rules": [{"field": "revenue", "cmp": ">=", "value": 5000}]},
    {"op": "or", "rules": [{"field": "region", "cmp": "in", "value": ["Europe"]},
                           {"field": "orders", "cmp": ">=", "value": 10}]},
]  # fmt: skip


class Person(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        page = self.client.get("/login", name="/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        self.client.post("/login", data={"username": USER, "password": PASSWORD, "csrf_token": token},
                         name="/login [POST]", allow_redirects=False)  # fmt: skip
        self.client.headers["X-CSRFToken"] = self.client.cookies.get("_csrf_token", "")
        self.deps = self.client.get("/_dash-dependencies", name="/_dash-dependencies").json()

    def _callback(self, input_id: str, value, name: str, output: str):
        """The callback with ``output`` among its outputs, as the browser calls it when ``input_id`` changes."""
        dep = next(d for d in self.deps if output in d["output"])
        outputs = dep["output"]
        parts = outputs[2:-2].split("...") if outputs.startswith("..") else [outputs]
        outs = [dict(zip(("id", "property"), p.split("@")[0].rsplit(".", 1), strict=True)) for p in parts]
        body = {
            "output": outputs,
            "outputs": outs if outputs.startswith("..") else outs[0],
            "inputs": [
                {"id": i["id"], "property": i["property"], "value": value if i["id"] == input_id else None}
                for i in dep["inputs"]
            ],  # fmt: skip
            "state": [{"id": s["id"], "property": s["property"], "value": None} for s in dep.get("state", [])],
            "changedPropIds": [f"{input_id}.{dep['inputs'][0]['property']}"],
        }
        with self.client.post("/_dash-update-component", data=json.dumps(body), name=name,
                              headers={"Content-Type": "application/json"}, catch_response=True) as answer:  # fmt: skip
            if answer.status_code not in (200, 204):
                answer.failure(f"{answer.status_code}: {answer.text[:200]}")

    @task
    def journey(self):
        self.client.get("/", name="/ (dashboard shell)")
        self.client.get("/_dash-layout", name="/_dash-layout")
        period = random.choice(["2025-Q4", "2025", "2024-Q2", "L12M"])
        self._callback("exec-pending", {"p": period}, "dashboard", "exec-cards.children")
        for state in random.sample(DRILLS, 5):
            self._callback("explore-chart-state", state, "explore drill (chart)", "explore-graph.figure")
        self._callback("seg-definition", random.choice(SEGMENTS), "segment count", "seg-summary.children")
        spec = json.dumps({"m": ["revenue"], "r": ["geo.country"], "from": "2025-01-01", "to": "2025-12-31"})
        with self.client.get("/export/view.csv", params={"spec": spec}, name="export view.csv",
                             catch_response=True) as answer:  # fmt: skip
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code}: {answer.text[:200]}")
