-- router_sum_by_product
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["revenue","units"],"r":["product.category"],"sort":null,"to":"2025-06-30"}
-- reads: sales_m_category
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
WITH
  s0 AS (
    SELECT
      r.category AS k0,
      sum(r.revenue) AS revenue,
      sum(r.units) AS units
    FROM
      rollup_sales_m_category r
    WHERE
      r.ts >= ?
      AND r.ts < ?
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "product.category",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue",
  CAST(coalesce(s0."units", 0) AS DOUBLE) AS "units"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "product.category" ASC NULLS LAST
