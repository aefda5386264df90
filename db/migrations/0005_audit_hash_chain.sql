-- Tamper-evident audit: every record is chained to its predecessor in its chain (one chain per
-- subgraph). hash = sha256(prev_hash || canonical encoding of the record's fields); the first
-- record's prev_hash is 32 zero bytes. access.audit_chains holds each chain's last seq and hash: a
-- batch locks its row, so concurrent writers (gateway requests, subgraph replicas) never fork a
-- chain, and a record deleted at the end is still missed. db/audit/canonical.ts is the same
-- encoding in TypeScript, for `npm run audit -- verify`.
CREATE TABLE "access"."audit_chains" (
	"chain" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access"."audit_log" ADD COLUMN "chain" text;--> statement-breakpoint
ALTER TABLE "access"."audit_log" ADD COLUMN "seq" bigint;--> statement-breakpoint
ALTER TABLE "access"."audit_log" ADD COLUMN "prev_hash" "bytea";--> statement-breakpoint
ALTER TABLE "access"."audit_log" ADD COLUMN "hash" "bytea";--> statement-breakpoint
-- Each field as "<bytes>:<value>", or "~" for null: no two records encode alike. Plain SQL, so
-- that the planner inlines it into the statement that calls it.
CREATE FUNCTION "access"."audit_canonical"(chain text, seq bigint, id uuid, at timestamptz,
    request_id text, subgraph text, caller_kind text, caller_id text, actor text, subject text,
    scopes text[], purpose text, consent_id uuid, decision text, reason text)
  RETURNS text LANGUAGE sql STABLE AS $$
  SELECT 'cg-audit-v1'
    || coalesce(octet_length(chain)::text || ':' || chain, '~')
    || coalesce(octet_length(seq::text)::text || ':' || seq::text, '~')
    || coalesce(octet_length(id::text)::text || ':' || id::text, '~')
    || coalesce(octet_length(((extract(epoch FROM at) * 1000000)::bigint)::text)::text || ':'
       || ((extract(epoch FROM at) * 1000000)::bigint)::text, '~')
    || coalesce(octet_length(request_id)::text || ':' || request_id, '~')
    || coalesce(octet_length(subgraph)::text || ':' || subgraph, '~')
    || coalesce(octet_length(caller_kind)::text || ':' || caller_kind, '~')
    || coalesce(octet_length(caller_id)::text || ':' || caller_id, '~')
    || coalesce(octet_length(actor)::text || ':' || actor, '~')
    || coalesce(octet_length(subject)::text || ':' || subject, '~')
    || coalesce(octet_length(array_to_json(scopes)::text)::text || ':' || array_to_json(scopes)::text, '~')
    || coalesce(octet_length(purpose)::text || ':' || purpose, '~')
    || coalesce(octet_length(consent_id::text)::text || ':' || consent_id::text, '~')
    || coalesce(octet_length(decision)::text || ':' || decision, '~')
    || coalesce(octet_length(reason)::text || ':' || reason, '~')
$$;
--> statement-breakpoint
-- The running hash of a chain, as a window aggregate: each row's value is
-- sha256(previous row's value, or the chain head's hash for the first || its encoding).
CREATE FUNCTION "access"."audit_chain_step"(state bytea, head bytea, encoded text)
  RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN sha256(coalesce(state, head) || convert_to(encoded, 'UTF8'));
END;
$$;
--> statement-breakpoint
CREATE AGGREGATE "access"."audit_chain_hash"(bytea, text) (
  SFUNC = "access"."audit_chain_step", STYPE = bytea
);
--> statement-breakpoint
-- Records written before the chain: chained per subgraph in time order.
ALTER TABLE "access"."audit_log" DISABLE TRIGGER "audit_log_no_update_delete";--> statement-breakpoint
UPDATE "access"."audit_log" AS l
SET chain = c.subgraph, seq = c.seq, hash = c.hash,
  prev_hash = coalesce(c.prev_hash, decode(repeat('00', 32), 'hex'))
FROM (
  SELECT h.*, lag(h.hash) OVER (PARTITION BY h.subgraph ORDER BY h.seq) AS prev_hash
  FROM (
    SELECT n.id, n.subgraph, n.seq,
      access.audit_chain_hash(decode(repeat('00', 32), 'hex'), access.audit_canonical(n.subgraph,
        n.seq, n.id, n.at, n.request_id, n.subgraph, n.caller_kind, n.caller_id, n.actor,
        n.subject, n.scopes, n.purpose, n.consent_id, n.decision, n.reason))
        OVER (PARTITION BY n.subgraph ORDER BY n.seq) AS hash
    FROM (
      SELECT a.id, a.at, a.request_id, a.subgraph, a.caller_kind, a.caller_id, a.actor, a.subject,
        a.scopes, a.purpose, a.consent_id, a.decision, a.reason,
        row_number() OVER (PARTITION BY a.subgraph ORDER BY a.at, a.id) AS seq
      FROM access.audit_log a
    ) n
  ) h
) c
WHERE l.id = c.id;--> statement-breakpoint
ALTER TABLE "access"."audit_log" ENABLE TRIGGER "audit_log_no_update_delete";--> statement-breakpoint
INSERT INTO "access"."audit_chains" ("chain", "seq", "hash")
  SELECT DISTINCT ON (chain) chain, seq, hash FROM access.audit_log ORDER BY chain, seq DESC;--> statement-breakpoint
ALTER TABLE "access"."audit_log" ALTER COLUMN "chain" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "access"."audit_log" ALTER COLUMN "seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "access"."audit_log" ALTER COLUMN "prev_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "access"."audit_log" ALTER COLUMN "hash" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_chain_seq_idx" ON "access"."audit_log" USING btree ("chain","seq");--> statement-breakpoint
-- The one way records are written (subgraphs/shared/access/auditWriter.ts): a batch as columns,
-- appended to the chain of each record's subgraph under that chain's row lock (taken in chain
-- order, so two batches never deadlock), numbered, hashed and inserted in one statement.
CREATE FUNCTION "access"."append_audit"(request_ids text[], subgraphs text[], caller_kinds text[],
    caller_ids text[], actors text[], subjects text[], scopes text[], purposes text[],
    consent_ids text[], decisions text[], reasons text[])
  RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  one text;
  head_seq bigint;
  head_hash bytea;
BEGIN
  FOR one IN SELECT DISTINCT s FROM unnest(subgraphs) AS s ORDER BY s LOOP
    SELECT c.seq, c.hash INTO head_seq, head_hash FROM access.audit_chains c WHERE c.chain = one FOR UPDATE;
    IF NOT FOUND THEN
      INSERT INTO access.audit_chains (chain, seq, hash) VALUES (one, 0, decode(repeat('00', 32), 'hex'))
        ON CONFLICT DO NOTHING;
      SELECT c.seq, c.hash INTO head_seq, head_hash FROM access.audit_chains c WHERE c.chain = one FOR UPDATE;
    END IF;
    WITH batch AS (
      SELECT t.*, access.uuid_v7() AS id, now() AS at, head_seq + row_number() OVER (ORDER BY t.o) AS seq
      FROM unnest(request_ids, subgraphs, caller_kinds, caller_ids, actors, subjects, scopes,
          purposes, consent_ids, decisions, reasons)
        WITH ORDINALITY AS t(r, s, ck, ci, a, sub, sc, p, c, d, re, o)
      WHERE t.s = one
    ), hashed AS (
      SELECT b.*, string_to_array(b.sc, ',') AS scope_list, access.audit_chain_hash(head_hash,
          access.audit_canonical(one, b.seq, b.id, b.at, b.r, b.s, b.ck, b.ci, b.a, b.sub,
            string_to_array(b.sc, ','), b.p, b.c::uuid, b.d, b.re)) OVER (ORDER BY b.seq) AS hash
      FROM batch b
    ), inserted AS (
      INSERT INTO access.audit_log (id, at, request_id, subgraph, caller_kind, caller_id, actor,
          subject, scopes, purpose, consent_id, decision, reason, chain, seq, prev_hash, hash)
      SELECT h.id, h.at, h.r, h.s, h.ck, h.ci, h.a, h.sub, h.scope_list, h.p, h.c::uuid, h.d, h.re,
        one, h.seq, coalesce(lag(h.hash) OVER (ORDER BY h.seq), head_hash), h.hash
      FROM hashed h
      RETURNING seq, hash
    )
    UPDATE access.audit_chains c SET seq = last.seq, hash = last.hash
    FROM (SELECT i.seq, i.hash FROM inserted i ORDER BY i.seq DESC LIMIT 1) last
    WHERE c.chain = one;
  END LOOP;
END;
$$;
