-- sum_total
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["revenue"],"r":[],"sort":null,"to":null}
-- reads: fact
-- params: none
WITH
  s0 AS (
    SELECT
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
    WHERE
      TRUE
  )
SELECT
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "revenue" DESC NULLS LAST
