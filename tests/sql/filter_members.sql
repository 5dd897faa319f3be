-- filter_members
-- spec: {"c":[],"desc":true,"f":{"geo.region":["Asia","Europe"]},"from":null,"limit":null,"m":["revenue"],"r":["geo.country"],"sort":null,"to":null}
-- reads: fact
-- param 1: 'Asia'
-- param 2: 'Europe'
WITH
  s0 AS (
    SELECT
      c.country AS k0,
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
      LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
    WHERE
      c.region IN (?, ?)
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "geo.country",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST,
  "geo.country" ASC NULLS LAST
