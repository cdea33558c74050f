-- Sites are matched as people type them: devices.site_key and monitor_maintenance.site_key hold the
-- site folded (src/core/db/folded-text.ts), and the scheduler joins on them. lower() needs a collation
-- whose character type knows more than ASCII, which a database made with --no-locale lacks. The
-- best the server has: PostgreSQL 17's builtin C.UTF-8 (Unicode case mapping, the same on every
-- OS), else ICU's root locale, else the OS's C.UTF-8; else C (ASCII letters only), with a notice.
DO $$
BEGIN
  BEGIN
    EXECUTE 'CREATE COLLATION tandem_fold (provider = builtin, locale = ''C.UTF-8'')';
  EXCEPTION WHEN others THEN
    BEGIN
      EXECUTE 'CREATE COLLATION tandem_fold (provider = icu, locale = ''und'')';
    EXCEPTION WHEN others THEN
      BEGIN
        EXECUTE 'CREATE COLLATION tandem_fold (provider = libc, locale = ''C.UTF-8'')';
      EXCEPTION WHEN others THEN
        RAISE NOTICE 'no UTF-8 collation: sites are matched ignoring the case of ASCII letters only';
        EXECUTE 'CREATE COLLATION tandem_fold FROM "C"';
      END;
    END;
  END;
END $$;--> statement-breakpoint
DROP INDEX "monitor_maintenance_site_idx";--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "site_key" text GENERATED ALWAYS AS (lower(normalize(btrim(regexp_replace("devices"."site", '\s+', ' ', 'g')), NFC) collate tandem_fold)) STORED;--> statement-breakpoint
ALTER TABLE "monitor_maintenance" ADD COLUMN "site_key" text GENERATED ALWAYS AS (lower(normalize(btrim(regexp_replace("monitor_maintenance"."site", '\s+', ' ', 'g')), NFC) collate tandem_fold)) STORED;--> statement-breakpoint
CREATE INDEX "monitor_maintenance_site_idx" ON "monitor_maintenance" USING btree ("practice_id","site_key","ends_at") WHERE "monitor_maintenance"."site_key" is not null;