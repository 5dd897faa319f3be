-- sessions_conversion_rate
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["sessions","conversion_rate"],"r":["geo.country"],"sort":null,"to":null}
-- reads: fact
-- params: none
WITH
  s0 AS (
    SELECT
      s.country AS k0,
      count(*) AS sessions,
      count(s.order_id) AS conversions
    FROM
      fact_web_session s
    WHERE
      TRUE
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "geo.country",
  CAST(coalesce(s0."sessions", 0) AS DOUBLE) AS "sessions",
  CAST(coalesce(s0."conversions", 0) / nullif(coalesce(s0."sessions", 0), 0) AS DOUBLE) AS "conversion_rate"
FROM
  s0
ORDER BY
  "sessions" DESC NULLS LAST,
  "geo.country" ASC NULLS LAST
