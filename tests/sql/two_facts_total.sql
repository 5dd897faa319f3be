-- two_facts_total
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["revenue","sessions"],"r":[],"sort":null,"to":null}
-- reads: fact+fact
-- params: none
WITH
  s0 AS (
    SELECT
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
    WHERE
      TRUE
  ),
  s1 AS (
    SELECT
      count(*) AS sessions
    FROM
      fact_web_session s
    WHERE
      TRUE
  )
SELECT
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue",
  CAST(coalesce(s1."sessions", 0) AS DOUBLE) AS "sessions"
FROM
  s0
  CROSS JOIN s1
ORDER BY
  "revenue" DESC NULLS LAST
