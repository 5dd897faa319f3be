-- pivot_two_facts
-- spec: {"c":["time.quarter"],"desc":true,"f":{},"from":null,"limit":null,"m":["revenue","sessions"],"r":["geo.region"],"sort":null,"to":null}
-- reads: fact+fact
-- params: none
WITH
  s0 AS (
    SELECT
      c.region AS k0,
      strftime(f.order_ts, '%Y') || '-Q' || quarter(f.order_ts) AS k1,
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
      LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
    WHERE
      TRUE
    GROUP BY
      k0,
      k1
  ),
  s1 AS (
    SELECT
      gc.region AS k0,
      strftime(s.start_ts, '%Y') || '-Q' || quarter(s.start_ts) AS k1,
      count(*) AS sessions
    FROM
      fact_web_session s
      LEFT JOIN dim_country gc ON gc.country = s.country
    WHERE
      TRUE
    GROUP BY
      k0,
      k1
  ),
  u AS (
    SELECT
      k0,
      k1
    FROM
      s0
    UNION
    SELECT
      k0,
      k1
    FROM
      s1
  )
SELECT
  u.k0 AS "geo.region",
  u.k1 AS "time.quarter",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue",
  CAST(coalesce(s1."sessions", 0) AS DOUBLE) AS "sessions"
FROM
  u
  LEFT JOIN s0 ON s0.k0 IS NOT DISTINCT FROM u.k0 AND s0.k1 IS NOT DISTINCT FROM u.k1
  LEFT JOIN s1 ON s1.k0 IS NOT DISTINCT FROM u.k0 AND s1.k1 IS NOT DISTINCT FROM u.k1
ORDER BY
  "revenue" DESC NULLS LAST,
  "geo.region" ASC NULLS LAST,
  "time.quarter" ASC NULLS LAST
