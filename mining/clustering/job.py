"""The clustering job: features as of a date, the steps in order, and the stored run.

``cluster_customers`` runs the steps on a features frame (``FeaturePrep``,
``CustomerClusterer``, ``profiles``, ``pca_2d``, ``explain``); ``score_clusters`` reads the
features from the warehouse and stores the run. Names are not stored: the run keeps each
cluster's traits and language-free key, and pages put them into words for their reader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mining.clustering.explain import Explanation, Profiles, explain, profiles
from mining.clustering.model import SILHOUETTE_SAMPLE, CustomerClusterer, KChoice, sampled_silhouette
from mining.clustering.prepare import DEFAULT_SETS, Prepared, prepare
from mining.clustering.projection import Projection, pca_2d
from mining.jobs import IsCancelled, Progress, step, within


@dataclass
class ClusterResult:
    prepared: Prepared
    labels: np.ndarray
    k: int
    method: str
    choice: KChoice | None
    profiles: Profiles
    projection: Projection
    explanation: Explanation
    silhouette: float
    inertia: float
    som: object | None = None

    def scores(self, index: pd.Index) -> pd.DataFrame:
        """Per customer: cluster, its language-free name (``cluster_name``, a key) and map position."""
        return pd.DataFrame(
            {
                "customer_id": np.asarray(index),
                "cluster": self.labels.astype(np.int32),
                "cluster_name": self.profiles.table["key"].reindex(self.labels).to_numpy(),
                "x": self.projection.xy[:, 0].astype(np.float32),
                "y": self.projection.xy[:, 1].astype(np.float32),
            }
        )


def random_state_of(params: dict) -> int:
    """The seed of a run's parameters (runs stored before ``random_state`` called it ``seed``)."""
    return int(params.get("random_state", params.get("seed", 0)))


def cluster_customers(
    features: pd.DataFrame,
    params: dict | None = None,
    progress: Progress = None,
    cancelled: IsCancelled = None,
) -> ClusterResult:
    """Run the whole clustering on a customer-features frame.

    ``params``: ``feature_sets`` (names of FEATURE_SETS), ``scaling``, ``k`` (None → chosen
    by silhouette over ``k_min..k_max``), ``method`` ("kmeans" | "som"), ``random_state``,
    ``max_depth`` of the explaining tree; for the SOM ``som_rows``, ``som_cols``,
    ``som_topology``, ``som_epochs``.
    """
    params = dict(params or {})
    seed = random_state_of(params)
    clusterer = CustomerClusterer(
        k=None if params.get("k") is None else int(params["k"]),
        k_range=(int(params.get("k_min", 2)), int(params.get("k_max", 10))),
        method=params.get("method", "kmeans"),
        random_state=seed,
        som_rows=int(params.get("som_rows", 10)),
        som_cols=int(params.get("som_cols", 10)),
        som_topology=params.get("som_topology", "rect"),
        som_epochs=int(params.get("som_epochs", 20)),
    )
    clusterer.check_method()  # before the features are prepared
    step(progress, cancelled, 0.05, "mining.cluster.progress.prepare")
    prepared = prepare(features, params.get("feature_sets", DEFAULT_SETS), params.get("scaling", "standard"))
    X = prepared.X
    clusterer.fit(X, progress=within(progress, 0.1, 0.7), cancelled=cancelled)
    labels = clusterer.labels_
    step(progress, cancelled, 0.7, "mining.cluster.progress.profile")
    value = features["revenue"] if "revenue" in features else None
    prof = profiles(prepared.raw, labels, value)
    step(progress, cancelled, 0.8, "mining.cluster.progress.project")
    projection = pca_2d(X, labels, seed)
    step(progress, cancelled, 0.85, "mining.cluster.progress.explain")
    explanation = explain(prepared.raw, labels, int(params.get("max_depth", 3)), seed)
    silhouette = sampled_silhouette(X, labels, SILHOUETTE_SAMPLE, seed)
    step(progress, cancelled, 0.95, "mining.cluster.progress.done")
    return ClusterResult(
        prepared, labels, clusterer.k_, clusterer.method, clusterer.k_choice_, prof, projection, explanation,
        silhouette, clusterer.inertia_, clusterer.som_,
    )  # fmt: skip


def run_metrics(result: ClusterResult, value_names: dict[str, str] | None = None) -> dict:
    """The run's JSON summary: what the page shows without reading the scores file.

    ``value_names`` (``mining.features.value_names``): the category and channel values behind the
    ``cat_``/``chan_`` columns, so names and rules show them as the data spells them.
    """
    table = result.profiles.table
    clusters = []
    for c, row in table.iterrows():  # one row per cluster (k ≤ a few dozen)
        rules = result.explanation.rules.get(int(c), [])
        clusters.append(
            {
                "cluster": int(c),
                "key": row["key"],
                "traits": [list(tr) for tr in row["traits"]],
                "size": int(row["size"]),
                "share": float(row["share"]),
                "value_total": float(row.get("value_total", np.nan)),
                "value_avg": float(row.get("value_avg", np.nan)),
                "fidelity": result.explanation.fidelity_by_cluster.get(int(c), 0.0),
                "rules": [
                    {
                        "conditions": [[f, op, float(v)] for f, op, v in r.conditions],
                        "customers": r.customers,
                        "precision": r.precision,
                    }
                    for r in rules
                ],
                "means": {col: float(v) for col, v in result.profiles.means.loc[c].items()},
            }
        )
    out = {
        "k": result.k,
        "method": result.method,
        "features": result.prepared.columns,
        "notes": result.prepared.notes,
        "silhouette": result.silhouette,
        "inertia": result.inertia,
        "explained_variance": list(result.projection.explained),
        "fidelity": result.explanation.fidelity,
        "overall_means": {col: float(v) for col, v in result.profiles.means.loc["overall"].items()},
        "clusters": clusters,
        "value_names": {col: name for col, name in (value_names or {}).items() if col in result.prepared.columns},
    }
    if result.choice is not None:
        out["choose_k"] = result.choice.table.to_dict("records")
        out["suggested_k"] = result.choice.suggested_k
        out["elbow_k"] = result.choice.elbow_k
    if result.som is not None:
        out["som"] = {
            "rows": result.som.rows,
            "cols": result.som.cols,
            "u_matrix": result.som.u_matrix().tolist(),
            "unit_labels": result.som.unit_labels_.tolist(),
        }
    return out


def score_clusters(
    cursor,
    as_of: dt.date,
    params: dict | None,
    user: str,
    progress: Progress = None,
    cancelled: IsCancelled = None,
) -> int:
    """Cluster every customer as of ``as_of`` and store the run (kind "cluster"); returns its id.

    Scores: ``customer_id, cluster, cluster_name, x, y`` (``cluster_name`` the language-free
    key, x, y = PCA coordinates).
    """
    from mining.features import customer_features, value_names
    from mining.runs import save_run

    params = dict(params or {})
    step(progress, cancelled, 0.0, "mining.cluster.progress.features")
    features = customer_features(cursor, as_of)
    result = cluster_customers(features, params, progress, cancelled)
    scores = result.scores(features.index)
    step(progress, cancelled, 0.97, "mining.cluster.progress.save")
    run_id = save_run("cluster", as_of, params, scores, run_metrics(result, value_names(cursor)), user, cursor=cursor)
    if progress is not None:
        progress(1.0, "mining.cluster.progress.done")
    return run_id
