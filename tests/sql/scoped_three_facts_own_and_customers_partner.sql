-- scoped_three_facts_own_and_customers_partner
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["revenue","sessions","pipeline_value","tickets","contacts"],"r":["geo.region"],"sort":null,"to":null}
-- reads: fact+fact+fact+fact+fact
-- param 1: 3
-- param 2: 5
-- param 3: 3
-- param 4: 5
-- param 5: 3
-- param 6: 5
-- param 7: 3
-- param 8: 5
-- param 9: 3
-- param 10: 5
WITH
  s0 AS (
    SELECT
      c.region AS k0,
      sum(f.revenue) AS revenue
    FROM
      fact_order_line f
      LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
    WHERE
      f.partner_id IN (?, ?)
    GROUP BY
      k0
  ),
  s1 AS (
    SELECT
      gc.region AS k0,
      count(*) AS sessions
    FROM
      fact_web_session s
      LEFT JOIN dim_customer c ON c.customer_id = s.customer_id
      LEFT JOIN dim_country gc ON gc.country = s.country
    WHERE
      c.partner_id IN (?, ?)
    GROUP BY
      k0
  ),
  s2 AS (
    SELECT
      c.region AS k0,
      sum(o.amount) AS pipeline_value
    FROM
      fact_opportunity o
      LEFT JOIN dim_customer c ON c.customer_id = o.customer_id
    WHERE
      o.partner_id IN (?, ?)
    GROUP BY
      k0
  ),
  s3 AS (
    SELECT
      c.region AS k0,
      count(*) AS tickets
    FROM
      fact_service_ticket t
      LEFT JOIN dim_customer c ON c.customer_id = t.customer_id
    WHERE
      c.partner_id IN (?, ?)
    GROUP BY
      k0
  ),
  s4 AS (
    SELECT
      c.region AS k0,
      count(*) FILTER (WHERE k.group_name = 'target') AS contacts
    FROM
      fact_campaign_contact k
      LEFT JOIN dim_customer c ON c.customer_id = k.customer_id
      LEFT JOIN dim_campaign cam ON cam.campaign_id = k.campaign_id
    WHERE
      c.partner_id IN (?, ?)
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
    UNION
    SELECT
      k0
    FROM
      s3
    UNION
    SELECT
      k0
    FROM
      s4
  )
SELECT
  u.k0 AS "geo.region",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue",
  CAST(coalesce(s1."sessions", 0) AS DOUBLE) AS "sessions",
  CAST(coalesce(s2."pipeline_value", 0) AS DOUBLE) AS "pipeline_value",
  CAST(coalesce(s3."tickets", 0) AS DOUBLE) AS "tickets",
  CAST(coalesce(s4."contacts", 0) AS DOUBLE) AS "contacts"
FROM
  u
  LEFT JOIN s0 ON s0.k0 IS NOT DISTINCT FROM u.k0
  LEFT JOIN s1 ON s1.k0 IS NOT DISTINCT FROM u.k0
  LEFT JOIN s2 ON s2.k0 IS NOT DISTINCT FROM u.k0
  LEFT JOIN s3 ON s3.k0 IS NOT DISTINCT FROM u.k0
  LEFT JOIN s4 ON s4.k0 IS NOT DISTINCT FROM u.k0
ORDER BY
  "revenue" DESC NULLS LAST,
  "geo.region" ASC NULLS LAST
