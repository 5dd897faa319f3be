-- router_two_facts
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["revenue","tickets","response_rate"],"r":["geo.region"],"sort":null,"to":"2025-06-30"}
-- reads: sales_m_top+tickets_m+contacts_m
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
-- param 3: datetime.date(2025, 4, 1)
-- param 4: datetime.date(2025, 7, 1)
-- param 5: datetime.date(2025, 4, 1)
-- param 6: datetime.date(2025, 7, 1)
WITH
  s0 AS (
    SELECT
      r.region AS k0,
      sum(r.revenue) AS revenue
    FROM
      rollup_sales_m_top r
    WHERE
      r.ts >= ?
      AND r.ts < ?
    GROUP BY
      k0
  ),
  s1 AS (
    SELECT
      r.region AS k0,
      sum(r.tickets) AS tickets
    FROM
      rollup_tickets_m r
    WHERE
      r.ts >= ?
      AND r.ts < ?
    GROUP BY
      k0
  ),
  s2 AS (
    SELECT
      r.region AS k0,
      sum(r.responses) AS responses,
      sum(r.contacts) AS contacts
    FROM
      rollup_contacts_m r
    WHERE
      r.ts >= ?
      AND r.ts < ?
    GROUP BY
      k0
  ),
  u AS (
    SELECT
      k0
    FROM
      s0
    UNION
    SELECT
      k0
    FROM
      s1
    UNION
    SELECT
      k0
    FROM
      s2
  )
SELECT
  u.k0 AS "geo.region",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue",
  CAST(coalesce(s1."tickets", 0) AS DOUBLE) AS "tickets",
  CAST(coalesce(s2."responses", 0) / nullif(coalesce(s2."contacts", 0), 0) AS DOUBLE) AS "response_rate"
FROM
  u
  LEFT JOIN s0 ON s0.k0 IS NOT DISTINCT FROM u.k0
  LEFT JOIN s1 ON s1.k0 IS NOT DISTINCT FROM u.k0
  LEFT JOIN s2 ON s2.k0 IS NOT DISTINCT FROM u.k0
ORDER BY
  "revenue" DESC NULLS LAST,
  "geo.region" ASC NULLS LAST
