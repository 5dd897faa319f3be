-- scoped_sales_by_partner
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["revenue","orders"],"r":["partner.partner"],"sort":null,"to":"2025-06-30"}
-- reads: fact
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
-- param 3: 3
-- param 4: 5
WITH
  s0 AS (
    SELECT
      CAST(coalesce(f.partner_id, 0) AS VARCHAR) AS k0,
      any_value(coalesce(pa.name, 'Direct')) AS l0,
      sum(f.revenue) AS revenue,
      count(DISTINCT f.order_id) AS orders
    FROM
      fact_order_line f
      LEFT JOIN dim_partner pa ON pa.partner_id = f.partner_id
    WHERE
      f.order_ts >= ?
      AND f.order_ts < ?
      AND f.partner_id IN (?, ?)
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "partner.partner",
  s0.l0 AS "partner.partner:label",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue",
  CAST(coalesce(s0."orders", 0) AS DOUBLE) AS "orders"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "partner.partner" ASC NULLS LAST
