CREATE TABLE "key_rotations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"started_by" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"key_id" text,
	"status" text NOT NULL,
	"reencrypted" integer DEFAULT 0 NOT NULL,
	"remaining" integer,
	"error" text,
	"finished_at" timestamp with time zone,
	CONSTRAINT "key_rotations_status" CHECK ("key_rotations"."status" in ('queued', 'running', 'succeeded', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "key_rotations" ADD CONSTRAINT "key_rotations_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Installation data, read and written as the owner (unsafeWithSystem): tandem_app gets no
-- privilege, and row-level security is on with no policy, so a privilege granted by mistake later
-- still shows no row (0012_tenant_rls_gaps).
ALTER TABLE key_rotations ENABLE ROW LEVEL SECURITY;
