-- scoped_detail_count
-- spec: {"c":[],"desc":true,"f":{},"from":null,"limit":null,"m":["opportunities"],"r":["geo.region"],"sort":null,"to":null}
-- reads: fact
-- param 1: 3
-- param 2: 5
SELECT
  count(*)
FROM
  (
    SELECT
      o.opportunity_id AS "opportunity_id",
      o.created_date AS "created_date",
      o.customer_id AS "customer_id",
      c.name AS "customer",
      pa.name AS "partner",
      o.owner AS "owner",
      o.stage AS "stage",
      o.amount AS "amount",
      o.expected_close AS "expected_close",
      o.closed_date AS "closed_date",
      o.won AS "won"
    FROM
      fact_opportunity o
      LEFT JOIN dim_customer c ON c.customer_id = o.customer_id
      LEFT JOIN dim_partner pa ON pa.partner_id = o.partner_id
    WHERE
      o.partner_id IN (?, ?)
    ORDER BY
      o.created_date,
      o.opportunity_id
  )
