CREATE TABLE "known_devices" (
	"user_id" uuid NOT NULL,
	"device_hash" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "known_devices_user_id_device_hash_pk" PRIMARY KEY("user_id","device_hash")
);
--> statement-breakpoint
ALTER TABLE "known_devices" ADD CONSTRAINT "known_devices_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Sign-in reads and writes known devices as the owner (unsafeWithSystem), like sessions: tandem_app
-- gets no privilege on the table, and row-level security is on with no policy, so a privilege
-- granted by mistake later still shows no row (0012_tenant_rls_gaps).
ALTER TABLE known_devices ENABLE ROW LEVEL SECURITY;
