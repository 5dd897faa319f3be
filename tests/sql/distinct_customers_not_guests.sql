-- distinct_customers_not_guests
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["customers","new_customers"],"r":["customer.type"],"sort":null,"to":null}
-- reads: fact
-- params: none
WITH
  s0 AS (
    SELECT
      c.customer_type AS k0,
      count(DISTINCT f.customer_id) FILTER (WHERE c.is_guest IS NOT TRUE) AS customers,
      count(DISTINCT f.customer_id) FILTER (WHERE fo.acquired_in_history AND f.order_ts::DATE = fo.first_order_date) AS new_customers
    FROM
      fact_order_line f
      LEFT JOIN dim_customer c ON c.customer_id = f.customer_id
      LEFT JOIN customer_first_order fo ON fo.customer_id = f.customer_id
    WHERE
      TRUE
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "customer.type",
  CAST(coalesce(s0."customers", 0) AS DOUBLE) AS "customers",
  CAST(coalesce(s0."new_customers", 0) AS DOUBLE) AS "new_customers"
FROM
  s0
ORDER BY
  "customers" DESC NULLS LAST,
  "customer.type" ASC NULLS LAST
