-- per_customer_repeat_rate_total
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["repeat_rate"],"r":[],"sort":null,"to":null}
-- reads: fact
-- params: none
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
        WHERE
          TRUE
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
            WHERE
              TRUE
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
