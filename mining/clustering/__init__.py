"""Customer clustering: features chosen by name, K-means (or a SOM), choice of k, profiles,
a 2-D map and plain rules that explain each cluster.

``prepare`` (``FeaturePrep``) → ``model`` (``CustomerClusterer``) → ``explain`` (profiles,
traits, rules) and ``projection`` (PCA); ``job`` runs them in order and stores the run;
``names`` puts cluster keys and rules into words at display time.
"""

from mining.clustering.explain import Explanation, Profiles, Rule, cluster_keys, explain, profiles
from mining.clustering.job import ClusterResult, cluster_customers, run_metrics, score_clusters
from mining.clustering.model import (
    CustomerClusterer,
    KChoice,
    KMeansFit,
    choose_k,
    elbow_k,
    fit_kmeans,
    sampled_silhouette,
)
from mining.clustering.names import cluster_name, format_threshold, name_of_key, names_of_run, rule_text
from mining.clustering.prepare import (
    DEFAULT_SETS,
    FEATURE_SETS,
    SCALINGS,
    FeaturePrep,
    Prepared,
    feature_columns,
    prepare,
)
from mining.clustering.projection import Projection, pca_2d, plot_sample

__all__ = [
    "DEFAULT_SETS",
    "FEATURE_SETS",
    "SCALINGS",
    "ClusterResult",
    "CustomerClusterer",
    "Explanation",
    "FeaturePrep",
    "KChoice",
    "KMeansFit",
    "Prepared",
    "Profiles",
    "Projection",
    "Rule",
    "choose_k",
    "cluster_customers",
    "cluster_keys",
    "cluster_name",
    "elbow_k",
    "explain",
    "feature_columns",
    "fit_kmeans",
    "format_threshold",
    "name_of_key",
    "names_of_run",
    "pca_2d",
    "plot_sample",
    "prepare",
    "profiles",
    "rule_text",
    "run_metrics",
    "sampled_silhouette",
    "score_clusters",
]
