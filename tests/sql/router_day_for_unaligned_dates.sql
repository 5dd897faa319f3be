-- router_day_for_unaligned_dates
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-10","limit":null,"m":["revenue"],"r":["geo.region"],"sort":null,"to":"2025-05-09"}
-- reads: sales_d_top
-- param 1: datetime.date(2025, 4, 10)
-- param 2: datetime.date(2025, 5, 10)
WITH
  s0 AS (
    SELECT
      r.region AS k0,
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
  s0.k0 AS "geo.region",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "geo.region" ASC NULLS LAST
