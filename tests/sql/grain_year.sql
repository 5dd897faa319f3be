-- grain_year
-- spec: {"c":[],"desc":false,"f":{},"from":null,"limit":null,"m":["revenue"],"r":["time.year"],"sort":"time.year","to":null}
-- reads: fact
-- params: none
WITH
  s0 AS (
    SELECT
      strftime(f.order_ts, '%Y') AS k0,
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
    WHERE
      TRUE
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "time.year",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "time.year" ASC NULLS LAST,
  "time.year" ASC NULLS LAST
