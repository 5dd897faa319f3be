-- router_day_for_weeks
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["revenue"],"r":["time.week"],"sort":null,"to":"2025-06-30"}
-- reads: sales_d_top
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
WITH
  s0 AS (
    SELECT
      strftime(r.ts, '%G-W%V') AS k0,
      sum(r.revenue) AS revenue
    FROM
      rollup_sales_d_top r
    WHERE
      r.ts >= ?
      AND r.ts < ?
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "time.week",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "time.week" ASC NULLS LAST
