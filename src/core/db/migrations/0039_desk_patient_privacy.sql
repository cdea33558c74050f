CREATE TABLE "desk_settings" (
	"practice_id" uuid PRIMARY KEY NOT NULL,
	"msp_sees_patient_details" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "desk_settings" ADD CONSTRAINT "desk_settings_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "desk_settings" ADD CONSTRAINT "desk_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON desk_settings TO tandem_app;
--> statement-breakpoint
ALTER TABLE desk_settings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY desk_settings_tenant ON desk_settings TO tandem_app USING (practice_id = tandem_current_practice()) WITH CHECK (practice_id = tandem_current_practice());
