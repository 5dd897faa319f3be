-- filter_scores_unscored
-- spec: {"c":[],"desc":true,"f":{"cluster.cluster":["unscored","2"]},"from":null,"limit":null,"m":["revenue"],"r":["score.tier"],"sort":null,"to":null}
-- reads: fact
-- param 1: 'unscored'
-- param 2: '2'
WITH
  s0 AS (
    SELECT
      coalesce(sc.value_tier, 'unscored') AS k0,
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
      LEFT JOIN customer_score sc ON sc.customer_id = f.customer_id
    WHERE
      coalesce(sc.cluster, 'unscored') IN (?, ?)
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "score.tier",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "score.tier" ASC NULLS LAST
