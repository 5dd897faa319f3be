-- compare_cut_by_data_end
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-07-01","limit":null,"m":["revenue"],"r":[],"sort":null,"to":"2025-08-20"}
-- reads: fact
-- param 1: datetime.date(2025, 7, 1)
-- param 2: datetime.date(2025, 8, 21)
WITH
  s0 AS (
    SELECT
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
    WHERE
      f.order_ts >= ?
      AND f.order_ts < ?
  )
SELECT
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST
