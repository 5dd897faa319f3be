"""Customer clusters (Bi-Mining): choose features, run K-means or a SOM in the background,
read profiles and rules, save a cluster as a segment."""

from __future__ import annotations

import dash

from components.access import SEGMENT_ROLES, page_for
from components.auto_view import auto_strip
from components.clusters_view import clusters_controls
from components.coverage import coverage_for
from components.engine_note import one_machine
from components.studio import loading, studio_page
from i18n import current_language

dash.register_page(
    __name__,
    path="/mining/clusters",
    order=11,
    nav=True,
    nav_group="mining",
    roles=SEGMENT_ROLES,
    label_key="nav.clusters",
    title="XRM · Clusters",
)


@page_for(*SEGMENT_ROLES)
@coverage_for("clusters")
@one_machine("clusters")
def layout(**_query):
    lang = current_language()
    result = [*auto_strip("clu"), loading("clu-result")]
    return studio_page("clu", "clusters.title", "clusters.intro", clusters_controls(lang), result, lang)
