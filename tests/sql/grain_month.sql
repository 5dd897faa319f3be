-- grain_month
-- spec: {"c":[],"desc":false,"f":{},"from":"2025-04-01","limit":null,"m":["revenue"],"r":["time.month"],"sort":"time.month","to":"2025-06-30"}
-- reads: fact
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
WITH
  s0 AS (
    SELECT
      strftime(f.order_ts, '%Y-%m') AS k0,
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
    WHERE
      f.order_ts >= ?
      AND f.order_ts < ?
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "time.month",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "time.month" ASC NULLS LAST,
  "time.month" ASC NULLS LAST
