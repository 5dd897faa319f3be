-- ratio_margin_and_aov
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["margin_pct","aov"],"r":["product.category"],"sort":null,"to":null}
-- reads: fact
-- params: none
WITH
  s0 AS (
    SELECT
      p.category AS k0,
      sum(f.revenue - f.cost) AS gross_margin,
      sum(f.revenue) AS revenue,
      count(DISTINCT f.order_id) AS orders
    FROM
      fact_order_line f
      LEFT JOIN dim_product p ON p.product_id = f.product_id
    WHERE
      TRUE
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "product.category",
  CAST(coalesce(s0."gross_margin", 0) / nullif(coalesce(s0."revenue", 0), 0) AS DOUBLE) AS "margin_pct",
  CAST(coalesce(s0."revenue", 0) / nullif(coalesce(s0."orders", 0), 0) AS DOUBLE) AS "aov"
FROM
  s0
ORDER BY
  "margin_pct" DESC NULLS LAST,
  "product.category" ASC NULLS LAST
