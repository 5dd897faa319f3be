-- detail_count_of_a_cell
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["tickets"],"r":["product.product"],"sort":null,"to":null}
-- reads: fact
-- param 1: 7
SELECT
  count(*)
FROM
  (
    SELECT
      t.ticket_id AS "ticket_id",
      t.opened_ts AS "opened_ts",
      t.closed_ts AS "closed_ts",
      t.customer_id AS "customer_id",
      c.name AS "customer",
      t.category AS "category",
      p.name AS "product",
      ch.name AS "channel",
      t.status AS "status",
      t.satisfaction AS "satisfaction"
    FROM
      fact_service_ticket t
      LEFT JOIN dim_customer c ON c.customer_id = t.customer_id
      LEFT JOIN dim_product p ON p.product_id = t.product_id
      LEFT JOIN dim_channel ch ON ch.channel_id = t.channel_id
    WHERE
      t.product_id IN (?)
    ORDER BY
      t.opened_ts,
      t.ticket_id
  )
