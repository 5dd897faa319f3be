-- grain_week
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-03-03","limit":null,"m":["orders"],"r":["time.week"],"sort":null,"to":"2025-03-30"}
-- reads: fact
-- param 1: datetime.date(2025, 3, 3)
-- param 2: datetime.date(2025, 3, 31)
WITH
  s0 AS (
    SELECT
      strftime(f.order_ts, '%G-W%V') AS k0,
      count(DISTINCT f.order_id) AS orders
    FROM
      fact_order_line f
    WHERE
      f.order_ts >= ?
      AND f.order_ts < ?
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "time.week",
  CAST(coalesce(s0."orders", 0) AS DOUBLE) AS "orders"
FROM
  s0
ORDER BY
  "orders" DESC NULLS LAST,
  "time.week" ASC NULLS LAST
