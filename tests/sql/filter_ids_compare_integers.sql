-- filter_ids_compare_integers
-- spec: {"c":[],"desc":true,"f":{"customer.customer":["3","17"]},"from":null,"limit":null,"m":["revenue"],"r":["product.product"],"sort":null,"to":null}
-- reads: fact
-- param 1: 3
-- param 2: 17
WITH
  s0 AS (
    SELECT
      CAST(f.product_id AS VARCHAR) AS k0,
      any_value(p.name) AS l0,
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
      LEFT JOIN dim_product p ON p.product_id = f.product_id
    WHERE
      f.customer_id IN (?, ?)
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "product.product",
  s0.l0 AS "product.product:label",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "product.product" ASC NULLS LAST
