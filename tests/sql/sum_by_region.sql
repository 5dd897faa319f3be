-- sum_by_region
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["revenue","gross_margin","units"],"r":["geo.region"],"sort":null,"to":null}
-- reads: fact
-- params: none
WITH
  s0 AS (
    SELECT
      c.region AS k0,
      sum(f.revenue) AS revenue,
      sum(f.revenue - f.cost) AS gross_margin,
      sum(f.quantity) AS units
    FROM
      fact_order_line f
      LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
    WHERE
      TRUE
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "geo.region",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue",
  CAST(coalesce(s0."gross_margin", 0) AS DOUBLE) AS "gross_margin",
  CAST(coalesce(s0."units", 0) AS DOUBLE) AS "units"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "geo.region" ASC NULLS LAST
