-- A protected system may name a device of the same practice's inventory: the key includes the
-- practice, so no row can point at another practice's device, and deleting the device only clears
-- the link. (Written by hand: drizzle's schema cannot express SET NULL of one column.)
CREATE UNIQUE INDEX "devices_practice_id_id_key" ON "devices" USING btree ("practice_id","id");--> statement-breakpoint
ALTER TABLE "backup_systems" ADD CONSTRAINT "backup_systems_device_fk" FOREIGN KEY ("practice_id","device_id") REFERENCES "devices"("practice_id","id") ON DELETE SET NULL ("device_id");
