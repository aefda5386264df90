-- The audit log is append-only for everyone, the application's own role included.
CREATE FUNCTION "access"."refuse_audit_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'access.audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "access"."audit_log"
  FOR EACH ROW EXECUTE FUNCTION "access"."refuse_audit_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "access"."audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "access"."refuse_audit_change"();
--> statement-breakpoint
INSERT INTO "access"."grantees" ("client_id", "name", "kind") VALUES
  ('one-stop-shop', 'Cổng Dịch vụ công quốc gia', 'ONE_STOP_SHOP'),
  ('vietcombank', 'Ngân hàng TMCP Ngoại thương Việt Nam', 'THIRD_PARTY'),
  ('momo', 'Ví điện tử MoMo', 'THIRD_PARTY'),
  ('bach-mai-hospital', 'Bệnh viện Bạch Mai', 'THIRD_PARTY');
