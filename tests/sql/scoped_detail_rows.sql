-- scoped_detail_rows
-- spec: {"c":[],"desc":true,"f":{},"from":"2025-04-01","limit":null,"m":["response_rate"],"r":["geo.region"],"sort":null,"to":"2025-06-30"}
-- reads: fact
-- param 1: datetime.date(2025, 4, 1)
-- param 2: datetime.date(2025, 7, 1)
-- param 3: 'Asia'
-- param 4: 3
-- param 5: 5
-- param 6: 50
-- param 7: 100
SELECT
  k.campaign_id AS "campaign_id",
  cam.name AS "campaign",
  k.customer_id AS "customer_id",
  c.name AS "customer",
  k.group_name AS "group",
  ch.name AS "channel",
  k.sent_ts AS "sent_ts",
  k.opened_ts AS "opened_ts",
  k.clicked_ts AS "clicked_ts",
  k.converted_ts AS "converted_ts"
FROM
  fact_campaign_contact k
  LEFT JOIN dim_customer c ON c.customer_id = k.customer_id
  LEFT JOIN dim_channel ch ON ch.channel_id = k.channel_id
  LEFT JOIN dim_campaign cam ON cam.campaign_id = k.campaign_id
WHERE
  coalesce(k.sent_ts, cam.start_date::TIMESTAMP) >= ?
  AND coalesce(k.sent_ts, cam.start_date::TIMESTAMP) < ?
  AND c.region IN (?)
  AND c.partner_id IN (?, ?)
ORDER BY
  k.campaign_id,
  k.customer_id
LIMIT ? OFFSET ?
