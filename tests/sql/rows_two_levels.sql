-- rows_two_levels
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["revenue"],"r":["geo.region","geo.country"],"sort":null,"to":null}
-- reads: fact
-- params: none
WITH
  s0 AS (
    SELECT
      c.region AS k0,
      c.country AS k1,
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
      LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
    WHERE
      TRUE
    GROUP BY
      k0,
      k1
  )
SELECT
  s0.k0 AS "geo.region",
  s0.k1 AS "geo.country",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "geo.region" ASC NULLS LAST,
  "geo.country" ASC NULLS LAST
