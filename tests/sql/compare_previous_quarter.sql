-- compare_previous_quarter
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-01-01","limit":null,"m":["revenue","orders"],"r":["geo.region"],"sort":null,"to":"2025-03-31"}
-- reads: fact
-- param 1: datetime.date(2025, 1, 1)
-- param 2: datetime.date(2025, 4, 1)
WITH
  s0 AS (
    SELECT
      c.region AS k0,
      sum(f.revenue) AS revenue,
      count(DISTINCT f.order_id) AS orders
    FROM
      fact_order_line f
      LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
    WHERE
      f.order_ts >= ?
      AND f.order_ts < ?
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "geo.region",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue",
  CAST(coalesce(s0."orders", 0) AS DOUBLE) AS "orders"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "geo.region" ASC NULLS LAST
