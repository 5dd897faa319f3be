-- tickets_satisfaction_hours
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["tickets","satisfaction","resolution_hours"],"r":["product.category"],"sort":null,"to":null}
-- reads: fact
-- params: none
WITH
  s0 AS (
    SELECT
      p.category AS k0,
      count(*) AS tickets,
      sum(t.satisfaction) AS satisfaction_sum,
      count(t.satisfaction) AS rated,
      sum(epoch(t.closed_ts - t.opened_ts) / 3600.0) AS resolution_sum,
      count(t.closed_ts) AS resolved
    FROM
      fact_service_ticket t
      LEFT JOIN dim_product p ON p.product_id = t.product_id
    WHERE
      TRUE
    GROUP BY
      k0
  )
SELECT
  s0.k0 AS "product.category",
  CAST(coalesce(s0."tickets", 0) AS DOUBLE) AS "tickets",
  CAST(coalesce(s0."satisfaction_sum", 0) / nullif(coalesce(s0."rated", 0), 0) AS DOUBLE) AS "satisfaction",
  CAST(coalesce(s0."resolution_sum", 0) / nullif(coalesce(s0."resolved", 0), 0) AS DOUBLE) AS "resolution_hours"
FROM
  s0
ORDER BY
  "tickets" DESC NULLS LAST,
  "product.category" ASC NULLS LAST
