-- grain_quarter
-- spec: {"c":[],"desc":false,"f":{},"from":null,"limit":null,"m":["revenue"],"r":["time.quarter"],"sort":"time.quarter","to":null}
-- reads: fact
-- params: none
WITH
  s0 AS (
    SELECT
      strftime(f.order_ts, '%Y') || '-Q' || quarter(f.order_ts) AS k0,
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
    WHERE
      TRUE
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "time.quarter",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "time.quarter" ASC NULLS LAST,
  "time.quarter" ASC NULLS LAST
