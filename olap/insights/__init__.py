"""Automatic insights for any cube view: what drove the change, what is unusual, said in words.

Three pure steps over answers of ``olap.engine.execute`` (so they share its cache):

* ``contributions(spec)`` compares the view's first measure, by its first row level,
  with the previous period. Additive measures (sums and counts) split the change
  exactly by member. Distinct counts (orders, customers) split exactly only when the
  members partition the counted things (every customer has one region, but may buy
  in several categories); that is checked on the data, and otherwise the total change
  comes from the exact total query and members are only ranked by their own change.
  Ratio measures with a numerator and denominator in the cube (margin %, AOV,
  conversion and response rates) are split exactly into a *rate* effect (members'
  own ratios changed) and a *mix* effect (volume moved between members of different
  ratios); other ratios (satisfaction, resolution time, win rate…) rank members by
  their ratio change weighted by volume, without claiming an exact split.
* ``outliers(frame, column)`` flags robust outliers by the median and the median
  absolute deviation (modified z-score above 3.5), and says nothing for fewer than
  ``MIN_MEMBERS`` members or a flat series.
* ``sentences_for(spec, lang)`` states the findings in at most ``MAX_SENTENCES``
  plain sentences with the numbers formatted for the language. It never raises for
  a valid spec: with nothing to say it returns ``[]``.
"""

from olap.insights.contributions import (
    DRIVERS,
    RATIO_PARTS,
    RATIO_VOLUME,
    Contribution,
    Driver,
    comparable,
    contributions,
    is_additive,
    is_distinct_count,
)
from olap.insights.outliers import MIN_MEMBERS, OUTLIER_Z, Outlier, modified_z, outliers
from olap.insights.sentences import MAX_SENTENCES, describe, sentences_for

__all__ = [
    "DRIVERS", "MAX_SENTENCES", "MIN_MEMBERS", "OUTLIER_Z", "RATIO_PARTS", "RATIO_VOLUME", "Contribution", "Driver",
    "Outlier", "comparable", "contributions", "describe", "is_additive", "is_distinct_count", "modified_z", "outliers",
    "sentences_for",
]  # fmt: skip
