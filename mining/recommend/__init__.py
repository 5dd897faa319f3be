"""Next-best-product recommendations that must earn their place against popularity.

- ``history``: what may be known as of a date (purchases up to and including it; why web
  sessions are not used);
- ``model``: ``BlendRecommender`` — item-to-item similarity, repurchase and popularity per
  customer group, the blend tuned on the 90 days before the date (``tune``);
- ``evaluate``: the methods (model, best-sellers, popular-not-yet-bought, the rules method),
  hit rate/precision/recall@k and coverage, the time-split ``backtest`` and its ``verdict``;
- ``run``: a stored "nbp" run recommending with the backtest's winner (what Customer 360 and
  the campaign contact files read);
- ``serve``: the model kept per warehouse version (the shared result cache), so one customer's
  products are a lookup of the kept fit and every customer's are computed once per version;
- ``__main__``: ``python -m mining.recommend --as-of YYYY-MM-DD --k 3 --json``.
"""
