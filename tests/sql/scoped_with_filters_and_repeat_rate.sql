-- scoped_with_filters_and_repeat_rate
-- spec: {"c":[],"desc":true,"f":{"geo.region":["Asia"]},"from":"2025-04-01","limit":null,"m":["repeat_rate"],"r":[],"sort":null,"to":"2025-06-30"}
-- reads: fact
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
-- param 3: 'Asia'
-- param 4: 3
-- param 5: 5
-- param 6: datetime.date(2025, 4, 1)
-- param 7: datetime.date(2025, 7, 1)
-- param 8: 'Asia'
-- param 9: 3
-- param 10: 5
WITH
  s0 AS (
    SELECT
      m.*,
      g.repeaters,
      g.buyers
    FROM
      (
        SELECT
          count(*) AS _rows
        FROM
          fact_order_line f
          LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
        WHERE
          f.order_ts >= ?
          AND f.order_ts < ?
          AND c.region IN (?)
          AND f.partner_id IN (?, ?)
      ) m
      CROSS JOIN (
        SELECT
          count(*) FILTER (WHERE n_orders >= 2 AND _customer IN (SELECT customer_id FROM customer_first_order)) AS repeaters,
          count(*) FILTER (WHERE _customer IN (SELECT customer_id FROM customer_first_order)) AS buyers
        FROM
          (
            SELECT
              f.customer_id AS _customer,
              count(DISTINCT f.order_id) AS n_orders
            FROM
              fact_order_line f
              LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
            WHERE
              f.order_ts >= ?
              AND f.order_ts < ?
              AND c.region IN (?)
              AND f.partner_id IN (?, ?)
            GROUP BY
              _customer
          )
      ) g
  )
SELECT
  CAST(coalesce(s0."repeaters", 0) / nullif(coalesce(s0."buyers", 0), 0) AS DOUBLE) AS "repeat_rate"
FROM
  s0
ORDER BY
  "repeat_rate" DESC NULLS LAST
