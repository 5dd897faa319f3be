-- scoped_router_keeps_partner
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["revenue","orders"],"r":["geo.region"],"sort":null,"to":"2025-06-30"}
-- reads: sales_m_core
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
-- param 3: 3
-- param 4: 5
WITH
  s0 AS (
    SELECT
      r.region AS k0,
      sum(r.revenue) AS revenue,
      sum(r.orders) AS orders
    FROM
      rollup_sales_m_core r
    WHERE
      r.ts >= ?
      AND r.ts < ?
      AND r.partner_id IN (?, ?)
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
