-- router_one_customer
-- spec: {"c":[],"desc":true,"f":{"customer.customer":["42"]},"from":null,"limit":null,"m":["revenue"],"r":["time.month"],"sort":null,"to":null}
-- reads: sales_m_customer
-- param 1: 42
WITH
  s0 AS (
    SELECT
      strftime(r.ts, '%Y-%m') AS k0,
      sum(r.revenue) AS revenue
    FROM
      rollup_sales_m_customer r
    WHERE
      r.customer_id IN (?)
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "time.month",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "time.month" ASC NULLS LAST
