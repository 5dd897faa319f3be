-- per_customer_repeat_rate_by_region
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["repeat_rate","revenue"],"r":["geo.region"],"sort":null,"to":"2025-06-30"}
-- reads: fact
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
-- param 3: datetime.date(2025, 4, 1)
-- param 4: datetime.date(2025, 7, 1)
WITH
  s0 AS (
    SELECT
      m.*,
      g.repeaters,
      g.buyers
    FROM
      (
        SELECT
          c.region AS k0,
          sum(f.revenue) AS revenue
        FROM
          fact_order_line f
          LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
        WHERE
          f.order_ts >= ?
          AND f.order_ts < ?
        GROUP BY
          k0
      ) m
      LEFT JOIN (
        SELECT
          k0,
          count(*) FILTER (WHERE n_orders >= 2 AND _customer IN (SELECT customer_id FROM customer_first_order)) AS repeaters,
          count(*) FILTER (WHERE _customer IN (SELECT customer_id FROM customer_first_order)) AS buyers
        FROM
          (
            SELECT
              c.region AS k0,
              f.customer_id AS _customer,
              count(DISTINCT f.order_id) AS n_orders
            FROM
              fact_order_line f
              LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
            WHERE
              f.order_ts >= ?
              AND f.order_ts < ?
            GROUP BY
              k0,
              _customer
          )
        GROUP BY
          k0
      ) g ON m.k0 IS NOT DISTINCT FROM g.k0
  )
SELECT
  s0.k0 AS "geo.region",
  CAST(coalesce(s0."repeaters", 0) / nullif(coalesce(s0."buyers", 0), 0) AS DOUBLE) AS "repeat_rate",
  CAST(coalesce(s0."revenue", 0) AS DOUBLE) AS "revenue"
FROM
  s0
ORDER BY
  "repeat_rate" DESC NULLS LAST,
  "geo.region" ASC NULLS LAST
