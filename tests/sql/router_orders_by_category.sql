-- router_orders_by_category
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["orders"],"r":["product.category"],"sort":null,"to":"2025-06-30"}
-- reads: sales_m_customer_category
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
WITH
  s0 AS (
    SELECT
      r.category AS k0,
      sum(r.orders) AS orders
    FROM
      rollup_sales_m_customer_category r
    WHERE
      r.ts >= ?
      AND r.ts < ?
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "product.category",
  CAST(coalesce(s0."orders", 0) AS DOUBLE) AS "orders"
FROM
  s0
ORDER BY
  "orders" DESC NULLS LAST,
  "product.category" ASC NULLS LAST
