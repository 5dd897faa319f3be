-- router_customers_recounted_by_id
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["customers"],"r":["geo.region"],"sort":null,"to":"2025-06-30"}
-- reads: sales_m_customer
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
WITH
  s0 AS (
    SELECT
      r.region AS k0,
      count(DISTINCT r.customer_id) FILTER (WHERE r.customers > 0) AS customers
    FROM
      rollup_sales_m_customer r
    WHERE
      r.ts >= ?
      AND r.ts < ?
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "geo.region",
  CAST(coalesce(s0."customers", 0) AS DOUBLE) AS "customers"
FROM
  s0
ORDER BY
  "customers" DESC NULLS LAST,
  "geo.region" ASC NULLS LAST
