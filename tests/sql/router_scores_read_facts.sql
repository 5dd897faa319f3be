-- router_scores_read_facts
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["revenue"],"r":["score.tier"],"sort":null,"to":"2025-06-30"}
-- reads: fact
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
WITH
  s0 AS (
    SELECT
      coalesce(sc.value_tier, 'unscored') AS k0,
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
      LEFT JOIN customer_score sc ON sc.customer_id = f.customer_id
    WHERE
      f.order_ts >= ?
      AND f.order_ts < ?
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
