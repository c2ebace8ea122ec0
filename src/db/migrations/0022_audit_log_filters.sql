-- The audit trail read newest first by id, whole or filtered (GET /v1/audit, Settings › Audit trail).
--
-- Pages are ordered by id with an id cursor, but the only index by seller was (seller_id, at DESC): every page
-- read all of the seller's entries and sorted them. (seller_id, id DESC) serves the unfiltered pages directly.
--
-- The dashboard filters by action (exact, or a prefix such as `api_key.`), by who acted and by target type. Each
-- index below keeps a filtered page a few index probes however rare the value is in a long trail, and lets the
-- filter's list of values step from one distinct value to the next (auditDistinct in
-- src/db/repositories/audit-log.ts) instead of reading every entry. text_pattern_ops makes the action prefix
-- (`LIKE 'api\_key.%'`) use the index whatever the database collation, as the search indexes of 0007 do; it
-- serves equality too. The date range keeps using audit_log_seller_idx (seller_id, at DESC).
CREATE INDEX audit_log_seller_id_idx ON audit_log (seller_id, id DESC);
CREATE INDEX audit_log_seller_action_idx ON audit_log (seller_id, action text_pattern_ops, id DESC);
CREATE INDEX audit_log_seller_target_type_idx ON audit_log (seller_id, target_type text_pattern_ops, id DESC);
CREATE INDEX audit_log_seller_actor_idx ON audit_log (seller_id, actor, id DESC);
