-- top_10_customers
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":10,"m":["revenue"],"r":["customer.customer"],"sort":null,"to":null}
-- reads: fact
-- param 1: 10
WITH
  s0 AS (
    SELECT
      CAST(f.customer_id AS VARCHAR) AS k0,
      any_value(c.name) AS l0,
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
      LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
    WHERE
      TRUE
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "customer.customer",
  s0.l0 AS "customer.customer:label",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "customer.customer" ASC NULLS LAST
LIMIT ?
