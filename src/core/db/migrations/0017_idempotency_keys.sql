CREATE TABLE "idempotency_keys" (
	"practice_id" uuid NOT NULL,
	"caller_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer,
	"reply" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_practice_id_caller_id_key_pk" PRIMARY KEY("practice_id","caller_id","key")
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idempotency_keys_practice_expires_idx" ON "idempotency_keys" USING btree ("practice_id","expires_at");--> statement-breakpoint
-- Idempotency keys belong to one practice: the same row-level security as every tenant table
-- (see 0001_security.sql). Hand-written below drizzle-kit's output.
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO tandem_app;
--> statement-breakpoint
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY idempotency_keys_tenant ON idempotency_keys TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
