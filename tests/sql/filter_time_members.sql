-- filter_time_members
-- spec: {"c":[],"desc":true,"f":{"time.quarter":["2025-Q1","2025-Q3"]},"from":null,"limit":null,"m":["revenue"],"r":["geo.region"],"sort":null,"to":null}
-- reads: fact
-- param 1: datetime.date(2025, 1, 1)
-- param 2: datetime.date(2025, 4, 1)
-- param 3: datetime.date(2025, 7, 1)
-- param 4: datetime.date(2025, 10, 1)
WITH
  s0 AS (
    SELECT
      c.region AS k0,
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
      LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
    WHERE
      ((f.order_ts >= ? AND f.order_ts < ?) OR (f.order_ts >= ? AND f.order_ts < ?))
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "geo.region",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "geo.region" ASC NULLS LAST
